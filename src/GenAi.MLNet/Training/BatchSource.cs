using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>
/// Supplies minibatches each epoch. <see cref="Plan"/> only decides which rows go together (cheap, no
/// tensors); <see cref="Load"/> makes the tensors and is called inside the trainer's per-step dispose scope.
/// Every row is read and checked by the model's <see cref="InputColumn"/>s, as at transform time.
/// </summary>
internal abstract class BatchSource : IDisposable
{
    protected BatchSource(ModelInputs inputs) => Inputs = inputs;

    public ModelInputs Inputs { get; }

    public abstract long Rows { get; }

    /// <summary>
    /// The batches of one epoch. A last batch with fewer than <paramref name="minRows"/> rows is dropped
    /// (e.g. one row, on which batch normalisation's variance is undefined).
    /// </summary>
    public abstract IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch, int minRows = 1);

    public abstract Batch Load(object slice);

    /// <summary>Per-value means of float column <paramref name="column"/> over all rows.</summary>
    public virtual float[] FeatureMeans(int column = 0)
    {
        var size = ((FeatureInput)Inputs[column]).Shape.Size;
        var sums = new double[size];
        long n = 0;
        using var generator = TorchRandom.Generator(0);
        foreach (var slice in Plan(4096, shuffle: false, generator, 0))
        {
            using var scope = NewDisposeScope();
            var batch = Load(slice);
            var part = new float[size];
            TensorIO.CopyTo(batch.Features(column).sum(dim: 0), part);
            for (var i = 0; i < size; i++)
            {
                sums[i] += part[i];
            }

            n += batch.Rows;
        }

        return Array.ConvertAll(sums, s => (float)(s / Math.Max(n, 1)));
    }

    /// <summary>
    /// Per-value means and standard deviations (population; two passes, so large offsets do not cancel) of
    /// float column <paramref name="column"/> over all rows, optionally of <paramref name="map"/>(rows) instead.
    /// </summary>
    public (float[] Means, float[] StandardDeviations) FeatureMoments(int column = 0, Func<Tensor, Tensor>? map = null)
    {
        var size = ((FeatureInput)Inputs[column]).Shape.Size;
        var sums = new double[size];
        var squares = new double[size];
        long n = 0;
        foreach (var pass in new[] { 0, 1 })
        {
            using var generator = TorchRandom.Generator(0);
            using var centre = tensor(Array.ConvertAll(sums, s => s / Math.Max(n, 1)));
            foreach (var slice in Plan(4096, shuffle: false, generator, 0))
            {
                using var scope = NewDisposeScope();
                var x = Load(slice).Features(column);
                x = (map is null ? x : map(x)).to(ScalarType.Float64);
                var part = new float[size];
                TensorIO.CopyTo((pass == 0 ? x : (x - centre.to(x.device)).Squared()).sum(dim: 0).to(ScalarType.Float32), part);
                var target = pass == 0 ? sums : squares;
                for (var i = 0; i < size; i++)
                {
                    target[i] += part[i];
                }

                if (pass == 0)
                {
                    n += x.shape[0];
                }
            }
        }

        var count = Math.Max(n, 1);
        return (Array.ConvertAll(sums, s => (float)(s / count)), Array.ConvertAll(squares, s => (float)Math.Sqrt(s / count)));
    }

    /// <summary>The smallest and largest value of float column <paramref name="column"/> over all rows, optionally of <paramref name="map"/>(rows) instead.</summary>
    public (float Min, float Max) MinMax(int column = 0, Func<Tensor, Tensor>? map = null)
    {
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        using var generator = TorchRandom.Generator(0);
        foreach (var slice in Plan(4096, shuffle: false, generator, 0))
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = Load(slice).Features(column);
            x = map is null ? x : map(x);
            (min, max) = (Math.Min(min, x.min().item<float>()), Math.Max(max, x.max().item<float>()));
        }

        return (min, max);
    }

    /// <summary>
    /// Per-value range, whether every value is a whole number, and sample skewness of float column
    /// <paramref name="column"/> over all rows (two passes: the central moments around the first pass's mean).
    /// </summary>
    public ValueProfile Profile(int column = 0)
    {
        var size = ((FeatureInput)Inputs[column]).Shape.Size;
        var min = Enumerable.Repeat(double.PositiveInfinity, size).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, size).ToArray();
        var whole = Enumerable.Repeat(true, size).ToArray();
        var sums = new double[size];
        var m2 = new double[size];
        var m3 = new double[size];
        long n = 0;
        foreach (var pass in new[] { 0, 1 })
        {
            var mean = Array.ConvertAll(sums, s => s / Math.Max(n, 1));
            using var generator = TorchRandom.Generator(0);
            foreach (var slice in Plan(4096, shuffle: false, generator, 0))
            {
                using var scope = NewDisposeScope();
                var x = Load(slice).Features(column);
                var rows = (int)x.shape[0];
                var values = new float[rows * size];
                TensorIO.CopyTo(x, values);
                for (var r = 0; r < rows; r++)
                {
                    for (var i = 0; i < size; i++)
                    {
                        double v = values[(r * size) + i];
                        if (pass == 0)
                        {
                            sums[i] += v;
                            min[i] = Math.Min(min[i], v);
                            max[i] = Math.Max(max[i], v);
                            whole[i] &= v == Math.Floor(v);
                        }
                        else
                        {
                            var c = v - mean[i];
                            m2[i] += c * c;
                            m3[i] += c * c * c;
                        }
                    }
                }

                if (pass == 0)
                {
                    n += rows;
                }
            }
        }

        var count = Math.Max(n, 1);
        var skewness = Enumerable.Range(0, size)
            .Select(i => m2[i] / count is var variance && variance > 1e-12 ? m3[i] / count / Math.Pow(variance, 1.5) : 0)
            .ToArray();
        return new ValueProfile(Array.ConvertAll(min, v => (float)v), Array.ConvertAll(max, v => (float)v), whole, skewness);
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
    /// Reads <paramref name="data"/> into memory when its inputs fit in <paramref name="maxInMemoryBytes"/>,
    /// else streams it from cursors through a seeded shuffle buffer.
    /// </summary>
    /// <param name="mlContext">The context (its seeded shuffling, for streaming).</param>
    /// <param name="data">The rows.</param>
    /// <param name="inputs">The columns to read and check.</param>
    /// <param name="maxInMemoryBytes">The size up to which the rows are read into memory.</param>
    /// <param name="device">Where batches go.</param>
    /// <param name="noRowsMessage">The error when there are no rows, if the caller knows why better than "no rows" (e.g. a validation split took them all).</param>
    /// <exception cref="InvalidOperationException">No rows, or a row fails its column's checks (the message names the column and row).</exception>
    public static BatchSource Create(MLContext mlContext, IDataView data, ModelInputs inputs, long maxInMemoryBytes, Device device, string? noRowsMessage = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(inputs);
        var first = inputs[0].Name;
        var rows = data.GetRowCount() ?? RowBlocks.Count(data, first);
        if (rows == 0)
        {
            throw new InvalidOperationException(noRowsMessage ?? $"The input data has no rows (column '{first}').");
        }

        if (rows * BytesPerRow(inputs) <= maxInMemoryBytes && rows <= int.MaxValue)
        {
            var block = RowBlocks.Read(data, inputs.Columns, (int)rows);
            if (block.Rows == 0)
            {
                throw new InvalidOperationException(noRowsMessage ?? $"The input data has no rows (column '{first}').");
            }

            return new InMemoryBatchSource(block, device);
        }

        return new StreamingBatchSource(mlContext, data, inputs, rows, device);
    }

    private static long BytesPerRow(ModelInputs inputs)
        => inputs.Columns.Sum(c => c is FeatureInput f ? 4L * f.Shape.Size : 64L);
}
