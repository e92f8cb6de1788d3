using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>A minibatch on the training device: features <c>(B, D)</c> and, for labelled data, labels <c>(B)</c> (int64).</summary>
/// <param name="Features">Features, <c>(B, D)</c>.</param>
/// <param name="Labels">Zero-based class indices, <c>(B)</c>, or null.</param>
internal readonly record struct Batch(Tensor Features, Tensor? Labels)
{
    public int Rows => (int)Features.shape[0];
}

/// <summary>
/// Supplies minibatches each epoch. <see cref="Plan"/> only decides which rows go together (cheap, no
/// tensors); <see cref="Load"/> makes the tensors and is called inside the trainer's per-step dispose scope.
/// </summary>
internal abstract class BatchSource : IDisposable
{
    public abstract long Rows { get; }

    public abstract int Dimension { get; }

    public abstract IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch);

    public abstract Batch Load(object slice);

    /// <summary>Per-feature means over all rows, <c>(D)</c>.</summary>
    public virtual float[] FeatureMeans()
    {
        var sums = new double[Dimension];
        long n = 0;
        using var generator = Core.TorchRandom.Generator(0);
        foreach (var slice in Plan(4096, shuffle: false, generator, 0))
        {
            using var scope = NewDisposeScope();
            var batch = Load(slice);
            var part = new float[Dimension];
            Core.TensorIO.CopyTo(batch.Features.sum(dim: 0), part);
            for (var i = 0; i < Dimension; i++)
            {
                sums[i] += part[i];
            }

            n += batch.Rows;
        }

        return Array.ConvertAll(sums, s => (float)(s / n));
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// Reads <paramref name="data"/> into one tensor when it fits in <paramref name="maxInMemoryBytes"/>,
    /// else streams it from cursors through a seeded shuffle buffer.
    /// </summary>
    public static BatchSource Create(MLContext mlContext, IDataView data, string featureColumn, string? labelColumn, int dimension, long maxInMemoryBytes, Device device, RowCheck? check = null)
    {
        var rows = data.GetRowCount() ?? CountRows(data, featureColumn);
        if (rows == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (column '{featureColumn}').");
        }

        if (rows * dimension * sizeof(float) <= maxInMemoryBytes)
        {
            var features = ColumnReader.ReadVectors(data, featureColumn, dimension, out var count, check);
            var labels = labelColumn is null ? null : ColumnReader.ReadLabels(data, labelColumn);
            return new InMemoryBatchSource(features, count, dimension, labels, device);
        }

        return new StreamingBatchSource(mlContext, data, featureColumn, labelColumn, dimension, rows, device, check);
    }

    private static long CountRows(IDataView data, string column)
    {
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        long n = 0;
        while (cursor.MoveNext())
        {
            n++;
        }

        return n;
    }
}

/// <summary>All rows as one tensor on the device; batches are index selections of a seeded permutation.</summary>
internal sealed class InMemoryBatchSource : BatchSource
{
    private readonly Tensor _features;
    private readonly Tensor? _labels;
    private Tensor? _order;

    public InMemoryBatchSource(float[] features, int rows, int dimension, int[]? labels, Device device)
    {
        Dimension = dimension;
        Rows = rows;
        _features = tensor(features, [rows, dimension]).to(device);
        _labels = labels is null ? null : tensor(Array.ConvertAll(labels, l => (long)l)).to(device);
    }

    public override long Rows { get; }

    public override int Dimension { get; }

    public override IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch)
    {
        _order?.Dispose();
        _order = shuffle ? randperm(Rows, generator: generator).to(_features.device) : null;
        for (long start = 0; start < Rows; start += batchSize)
        {
            yield return (start, Math.Min(batchSize, Rows - start));
        }
    }

    public override Batch Load(object slice)
    {
        var (start, count) = ((long, long))slice;
        if (_order is null)
        {
            return new Batch(_features.narrow(0, start, count), _labels?.narrow(0, start, count));
        }

        var index = _order.narrow(0, start, count);
        return new Batch(_features.index_select(0, index), _labels?.index_select(0, index));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _order?.Dispose();
            _features.Dispose();
            _labels?.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Rows read from IDataView cursors every epoch, shuffled by ML.NET's seeded shuffle buffer.</summary>
internal sealed class StreamingBatchSource : BatchSource
{
    private readonly MLContext _mlContext;
    private readonly IDataView _data;
    private readonly string _featureColumn;
    private readonly string? _labelColumn;
    private readonly Device _device;

    private readonly RowCheck? _check;

    public StreamingBatchSource(MLContext mlContext, IDataView data, string featureColumn, string? labelColumn, int dimension, long rows, Device device, RowCheck? check)
    {
        _check = check;
        _mlContext = mlContext;
        _data = data;
        _featureColumn = featureColumn;
        _labelColumn = labelColumn;
        _device = device;
        Dimension = dimension;
        Rows = rows;
    }

    public override long Rows { get; }

    public override int Dimension { get; }

    public override IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch)
    {
        var view = shuffle
            ? _mlContext.Data.ShuffleRows(_data, seed: (int)(generator.initial_seed() % int.MaxValue) + epoch, shufflePoolSize: 10_000)
            : _data;
        var columns = new List<DataViewSchema.Column> { view.Schema[_featureColumn] };
        if (_labelColumn is not null)
        {
            columns.Add(view.Schema[_labelColumn]);
        }

        using var cursor = view.GetRowCursor(columns);
        var readFeatures = ColumnReader.MakeVectorGetter(cursor, view.Schema[_featureColumn]);
        var readLabel = _labelColumn is null ? null : ColumnReader.MakeLabelGetter(cursor, view.Schema[_labelColumn]);
        var features = new float[batchSize * Dimension];
        var labels = new long[batchSize];
        var count = 0;
        while (cursor.MoveNext())
        {
            var row = features.AsSpan(count * Dimension, Dimension);
            readFeatures(row);
            ColumnReader.CheckFinite(row, _featureColumn, cursor.Position);
            _check?.Invoke(row, cursor.Position);
            if (readLabel is not null)
            {
                labels[count] = readLabel();
            }

            if (++count == batchSize)
            {
                yield return (features[..], readLabel is null ? null : labels[..], count);
                count = 0;
            }
        }

        if (count > 0)
        {
            yield return (features[..(count * Dimension)], readLabel is null ? null : labels[..count], count);
        }
    }

    public override Batch Load(object slice)
    {
        var (features, labels, count) = ((float[], long[]?, int))slice;
        return new Batch(
            tensor(features, [count, Dimension]).to(_device),
            labels is null ? null : tensor(labels).to(_device));
    }
}
