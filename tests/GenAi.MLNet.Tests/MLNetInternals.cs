using System.Runtime.CompilerServices;

// The tests reach ML.NET's model-file internals (the repository reader) as the library does; the attribute
// class is the library's own (visible through InternalsVisibleTo). See src/GenAi.MLNet/Core/IgnoresAccessChecksToAttribute.cs.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]
