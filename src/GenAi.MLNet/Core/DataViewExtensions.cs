using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Moving float vectors between arrays and <see cref="IDataView"/>s.</summary>
public static class DataViewExtensions
{
    /// <summary>Every row of a float vector (or scalar) column, as arrays.</summary>
    public static float[][] ToArrays(this IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = ColumnReader.CheckVectorColumn(data.Schema, columnName);
        var flat = ColumnReader.ReadVectors(data, columnName, shape.Size, out var rows);
        return Enumerable.Range(0, rows).Select(i => flat.AsSpan(i * shape.Size, shape.Size).ToArray()).ToArray();
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
        if (rows.Any(r => r.Length != size))
        {
            throw new ArgumentException($"Every row must have {size} values.", nameof(rows));
        }

        return new InMemoryDataView.Builder().AddVector(columnName, rows.SelectMany(r => r).ToArray(), size, dimensions).Build();
    }
}
