using System;
using System.Collections.Generic;
using System.Linq;
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

    /// <summary>
    /// Every value of the named columns, row by row, as floats: Single scalars and vectors as they are,
    /// Booleans as 0/1, keys as their number, Int64 vectors as numbers, text as its character codes.
    /// </summary>
    public static List<float[]> ReadColumns(IDataView data, params string[] columns)
    {
        var result = new List<float[]>();
        var cols = columns.Select(c => data.Schema[c]).ToArray();
        using var cursor = data.GetRowCursor(cols);
        var getters = cols.Select(c => Reader(cursor, c)).ToArray();
        while (cursor.MoveNext())
        {
            result.Add(getters.SelectMany(g => g()).ToArray());
        }

        return result;
    }

    private static Func<float[]> Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case VectorDataViewType v when v.ItemType == NumberDataViewType.Single:
                {
                    var g = cursor.GetGetter<VBuffer<float>>(column);
                    VBuffer<float> value = default;
                    return () =>
                    {
                        g(ref value);
                        return value.DenseValues().ToArray();
                    };
                }

            case VectorDataViewType v when v.ItemType == NumberDataViewType.Int64:
                {
                    var g = cursor.GetGetter<VBuffer<long>>(column);
                    VBuffer<long> value = default;
                    return () =>
                    {
                        g(ref value);
                        return value.DenseValues().Select(x => (float)x).ToArray();
                    };
                }

            case BooleanDataViewType:
                {
                    var g = cursor.GetGetter<bool>(column);
                    var value = false;
                    return () =>
                    {
                        g(ref value);
                        return [value ? 1f : 0f];
                    };
                }

            case KeyDataViewType:
                {
                    var g = cursor.GetGetter<uint>(column);
                    uint value = 0;
                    return () =>
                    {
                        g(ref value);
                        return [value];
                    };
                }

            case TextDataViewType:
                {
                    var g = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                    ReadOnlyMemory<char> value = default;
                    return () =>
                    {
                        g(ref value);
                        return value.ToArray().Select(ch => (float)ch).ToArray();
                    };
                }

            default:
                {
                    var g = cursor.GetGetter<float>(column);
                    float value = 0;
                    return () =>
                    {
                        g(ref value);
                        return [value];
                    };
                }
        }
    }

    /// <summary>A view with one float vector column of the given rows.</summary>
    public static IDataView Vectors(string name, float[][] rows, int[]? dims = null)
        => new InMemoryDataView.Builder().AddVector(name, rows.SelectMany(r => r).ToArray(), rows[0].Length, dims).Build();
}
