using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>One-pass statistics of a float vector column, for the automatic choices families make at Fit.</summary>
internal static class ColumnScan
{
    /// <summary>The smallest and largest finite value of a float vector column (infinities for a column with none).</summary>
    public static (float Min, float Max) FiniteRange(IDataView data, string column)
    {
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(data.Schema[column]);
        var value = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref value);
            foreach (var v in value.GetValues())
            {
                if (float.IsFinite(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }
        }

        return (min, max);
    }
}
