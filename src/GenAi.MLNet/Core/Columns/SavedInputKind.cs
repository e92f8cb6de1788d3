using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>The kind of a saved input column.</summary>
internal enum SavedInputKind
{
    Features,
    Classes,
    Text,
    Tokens,
    TokenizedText,
}
