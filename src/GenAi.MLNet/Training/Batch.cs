using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// A minibatch for a training step, one entry per input column of the model (in its declared order):
/// float columns as tensors <c>(B, D)</c> and class columns as int64 tensors <c>(B)</c> on the training
/// device; text and token columns as managed values (the family collates them).
/// </summary>
internal sealed class Batch
{
    private readonly Tensor?[] _tensors;
    private readonly object?[] _managed;

    public Batch(int rows, Tensor?[] tensors, object?[] managed)
    {
        Rows = rows;
        _tensors = tensors;
        _managed = managed;
    }

    public int Rows { get; }

    /// <summary>A float column, <c>(B, D)</c>.</summary>
    public Tensor Features(int column = 0) => _tensors[column] ?? throw new InvalidOperationException($"Input {column} is not a float column.");

    /// <summary>A class column as zero-based indices, <c>(B)</c> int64.</summary>
    public Tensor Classes(int column) => _tensors[column] ?? throw new InvalidOperationException($"Input {column} is not a class column.");

    public IReadOnlyList<string> Texts(int column) => (string[])(_managed[column] ?? throw new InvalidOperationException($"Input {column} is not a text column."));

    public IReadOnlyList<long[]> Tokens(int column) => (long[][])(_managed[column] ?? throw new InvalidOperationException($"Input {column} is not a token column."));

    /// <summary>The rows of a block as a batch on <paramref name="device"/>.</summary>
    public static Batch FromRows(RowBatch rows, Device device)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var n = rows.Rows;
        var tensors = new Tensor?[rows.Columns.Length];
        var managed = new object?[rows.Columns.Length];
        for (var c = 0; c < rows.Columns.Length; c++)
        {
            switch (rows.Columns[c])
            {
                case FloatBuffer f:
                    tensors[c] = TensorIO.FromSpan(f.Rows(n), [n, f.Size], device);
                    break;
                case ClassBuffer k:
                    tensors[c] = TensorIO.FromIndices(k.Values.AsSpan(0, n), device);
                    break;
                case TextBuffer t:
                    managed[c] = t.Values.Take(n).ToArray();
                    break;
                case TokenBuffer tokens:
                    managed[c] = tokens.Values.Take(n).ToArray();
                    break;
            }
        }

        return new Batch(n, tensors, managed);
    }
}
