using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>All rows in memory (float and class columns as tensors on the device); batches are index selections of a seeded permutation.</summary>
internal sealed class InMemoryBatchSource : BatchSource
{
    private readonly Tensor?[] _tensors;
    private readonly object?[] _managed;
    private readonly int _rows;
    private Tensor? _order;

    public InMemoryBatchSource(RowBatch block, Device device)
        : base(new ModelInputs(block.Inputs))
    {
        _rows = block.Rows;
        _tensors = block.Columns.Select(column => column switch
        {
            FloatBuffer f => TensorIO.FromSpan(f.Rows(_rows), [_rows, f.Size], device).DetachFromDisposeScope(),
            ClassBuffer k => TensorIO.FromIndices(k.Values.AsSpan(0, _rows), device).DetachFromDisposeScope(),
            _ => null,
        }).ToArray();
        _managed = Enumerable.Range(0, block.Columns.Length).Select(c => block.Columns[c] switch
        {
            TextBuffer t => (object)t.Values.Take(_rows).ToArray(),
            TokenBuffer k => k.Values.Take(_rows).ToArray(),
            _ => null,
        }).ToArray();
    }

    public override long Rows => _rows;

    public override IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch, int minRows = 1)
    {
        _order?.Dispose();
        _order = shuffle ? randperm(Rows, generator: generator).DetachFromDisposeScope() : null;
        for (long start = 0; start < Rows; start += batchSize)
        {
            var count = Math.Min(batchSize, Rows - start);
            if (count < minRows)
            {
                yield break;
            }

            yield return (start, count);
        }
    }

    public override Batch Load(object slice)
    {
        var (start, count) = ((long, long))slice;
        Tensor? index = null;
        long[]? rows = null;
        if (_order is not null)
        {
            index = _order.narrow(0, start, count);
        }

        var tensors = new Tensor?[_tensors.Length];
        var managed = new object?[_managed.Length];
        for (var c = 0; c < _tensors.Length; c++)
        {
            if (_tensors[c] is { } t)
            {
                tensors[c] = index is null ? t.narrow(0, start, count) : t.index_select(0, index.to(t.device));
            }
            else if (_managed[c] is { } values)
            {
                rows ??= index is null ? Enumerable.Range((int)start, (int)count).Select(i => (long)i).ToArray() : index.data<long>().ToArray();
                managed[c] = values switch
                {
                    string[] texts => rows.Select(r => texts[r]).ToArray(),
                    long[][] tokens => (object)rows.Select(r => tokens[r]).ToArray(),
                    _ => null,
                };
            }
        }

        return new Batch((int)count, tensors, managed);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _order?.Dispose();
            foreach (var t in _tensors)
            {
                t?.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
