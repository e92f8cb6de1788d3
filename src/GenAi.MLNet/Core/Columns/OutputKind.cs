using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>The kind of a column a model appends.</summary>
internal enum OutputKind
{
    /// <summary>Single.</summary>
    Float,

    /// <summary>Known-size vector of Single, with dimensions.</summary>
    FloatVector,

    /// <summary>Boolean (e.g. an anomaly detector's PredictedLabel).</summary>
    Boolean,

    /// <summary>A key (UInt32) with text key values (class names).</summary>
    Key,

    /// <summary>Text.</summary>
    Text,

    /// <summary>Variable-length vector of Int64 (token ids).</summary>
    Tokens,
}
