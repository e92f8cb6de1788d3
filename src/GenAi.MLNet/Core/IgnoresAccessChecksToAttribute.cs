using System;
using System.Runtime.CompilerServices;

// ML.NET's model persistence and schema-shape APIs are internal ([BestFriend]) to Microsoft.ML.Core and
// Microsoft.ML.Data (dotnet/machinelearning issues #4911, #3243, #6839). eng/Publicize.targets hands the
// compiler copies of those two reference assemblies with internal members made public; at run time the
// CLR honours this attribute and skips the access checks for calls into them. Everything that depends on
// it is kept in Core/ (persistence, schema shapes) and covered by tests that fail loudly if a future
// ML.NET moves these members.
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices;

/// <summary>Tells the runtime to skip visibility checks into the named assembly (honoured by CoreCLR).</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    public string AssemblyName { get; }
}
