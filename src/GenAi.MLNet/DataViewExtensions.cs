using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet;

/// <summary>Moving float vectors between arrays and <see cref="IDataView"/>s.</summary>
public static class DataViewExtensions
{
    /// <summary>Every row of a float vector (or scalar) column, as arrays; every value must be finite.</summary>
    /// <exception cref="ArgumentException">The column is missing or not Single.</exception>
    /// <exception cref="InvalidOperationException">A value is NaN or infinite, or a row has another length (the message names the row).</exception>
    public static float[][] ToArrays(this IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = InputColumn.Find(data.Schema, columnName);
        if (column.Type == NumberDataViewType.Single)
        {
            return data.GetColumn<float>(columnName).Select((v, i) => float.IsFinite(v) ? new[] { v }
                : throw new InvalidOperationException($"Column '{columnName}', row {i} holds {v}.")).ToArray();
        }

        var shape = FeatureInput.ShapeOf(data.Schema, columnName);
        var block = RowBlocks.ReadAll(data, [new FeatureInput(columnName, shape)]);
        var values = block.Floats(0);
        return Enumerable.Range(0, block.Rows).Select(i => values.Row(i).ToArray()).ToArray();
    }

    /// <summary>
    /// A view with one float vector column holding <paramref name="rows"/>; pass the image
    /// <paramref name="dimensions"/> (e.g. <c>[1, 28, 28]</c>) to keep the shape for image models and plots.
    /// </summary>
    public static IDataView ToDataView(this IReadOnlyList<float[]> rows, string columnName = "Features", int[]? dimensions = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("No rows.", nameof(rows));
        }

        var size = rows[0].Length;
        if (rows.Any(r => r is null || r.Length != size))
        {
            throw new ArgumentException($"Every row must have {size} values.", nameof(rows));
        }

        return new InMemoryDataView.Builder().AddVector(columnName, rows.SelectMany(r => r).ToArray(), size, dimensions).Build();
    }
}
