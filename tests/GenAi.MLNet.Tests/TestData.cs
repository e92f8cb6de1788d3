using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Tests;

/// <summary>Small real data sets and helpers to read outputs back.</summary>
internal static class TestData
{
    private static readonly Lazy<ImageDataset> s_digits = new(() => ImageDatasets.Digits());
    private static readonly Lazy<ImageDataset> s_mnist = new(() => ImageDatasets.Mnist());

    public static ImageDataset Digits => s_digits.Value;

    public static ImageDataset Mnist => s_mnist.Value;

    /// <summary>Every float (scalar or vector) value of the named columns, row by row.</summary>
    public static List<float[]> ReadColumns(IDataView data, params string[] columns)
    {
        var result = new List<float[]>();
        var cols = columns.Select(c => data.Schema[c]).ToArray();
        using var cursor = data.GetRowCursor(cols);
        var getters = cols.Select(c => c.Type is VectorDataViewType
            ? (Func<float[]>)(() =>
            {
                var g = cursor.GetGetter<VBuffer<float>>(c);
                VBuffer<float> v = default;
                g(ref v);
                return v.DenseValues().ToArray();
            })
            : () =>
            {
                var g = cursor.GetGetter<float>(c);
                float v = 0;
                g(ref v);
                return [v];
            }).ToArray();
        while (cursor.MoveNext())
        {
            result.Add(getters.SelectMany(g => g()).ToArray());
        }

        return result;
    }

    /// <summary>A view with one float vector column of the given rows.</summary>
    public static IDataView Vectors(string name, float[][] rows, int[]? dims = null)
        => new InMemoryDataView.Builder().AddVector(name, rows.SelectMany(r => r).ToArray(), rows[0].Length, dims).Build();
}
