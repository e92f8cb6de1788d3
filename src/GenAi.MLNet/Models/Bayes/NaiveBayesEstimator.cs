using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Models.Bayes;

/// <summary>
/// Fits a naive Bayes classifier — the classic generative classifier: it learns how each class generates its
/// features, p(x | y) as a product of one-feature models, and the class frequencies p(y), then classifies by
/// Bayes' rule, p(y | x) ∝ p(x | y) p(y). Fitting is one pass of counting (no optimisation, no seed).
/// Made by <c>mlContext.Generative().NaiveBayes(...)</c>.
/// </summary>
public sealed class NaiveBayesEstimator : IEstimator<NaiveBayesTransformer>
{
    private readonly NaiveBayesOptions _options;

    internal NaiveBayesEstimator(NaiveBayesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = ModelEntries.Clone(options);
    }

    /// <summary>Counts the training rows into the class priors and per-class feature models.</summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (named), or ClassPriors has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">No rows, a class without rows, a non-finite feature, or a negative count for the multinomial likelihood (column and row named).</exception>
    public NaiveBayesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = ModelEntries.Clone(_options);
        var classes = ClassInput.Describe(input, o.LabelColumnName, o.MaxClasses, nameof(NaiveBayesOptions) + "." + nameof(NaiveBayesOptions.MaxClasses));
        var shape = FeatureInput.ShapeOf(input.Schema, o.FeatureColumnName);
        var range = o.Likelihood == NaiveBayesLikelihood.Multinomial
            ? new ValueRange(0, float.MaxValue, "the multinomial likelihood models counts (e.g. FeaturizeText's n-gram counts), which are never negative; use the Gaussian likelihood for signed features.")
            : null;
        if (shape.Size == 0)
        {
            throw new ArgumentException(
                $"Column '{o.FeatureColumnName}' has no values per row (e.g. every n-gram was dropped by a minimum count): there is nothing to model.", nameof(input));
        }

        var features = new FeatureInput(o.FeatureColumnName, shape, range);
        var inputs = new ModelInputs([features, classes]);
        int k = classes.ClassNames.Count, d = shape.Size;
        if (k < 2)
        {
            throw new InvalidOperationException($"Label column '{o.LabelColumnName}' has a single class ('{classes.ClassNames[0]}'): a classifier needs at least two.");
        }

        if (o.ClassPriors is { } given && given.Length != k)
        {
            throw new ArgumentException($"ClassPriors has {given.Length} values; label column '{o.LabelColumnName}' has {k} classes ({string.Join(", ", classes.ClassNames.Take(10))}).", nameof(input));
        }

        var counts = new long[k];
        var sums = NewMatrix(k, d);
        var squares = o.Likelihood == NaiveBayesLikelihood.Gaussian ? NewMatrix(k, d) : null;
        double[]? shift = null; // Gaussian: sums of (x - first row), steadier than raw sums of squares for offset features
        var block = RowsPerBlock(d);
        var batch = new RowBatch(inputs.Columns, block);
        using (var cursor = input.GetRowCursor(inputs.Columns.Select(c => input.Schema[c.Name])))
        {
            var readers = inputs.Columns.Select((c, i) => c.CreateReader(cursor, batch.Columns[i])).ToArray();
            var rowsInBlock = 0;
            void Accumulate()
            {
                var x = batch.Floats(0);
                var y = batch.Classes(1).Values;
                for (var r = 0; r < rowsInBlock; r++)
                {
                    var row = x.Row(r);
                    var c = y[r];
                    counts[c]++;
                    var sum = sums[c];
                    switch (o.Likelihood)
                    {
                        case NaiveBayesLikelihood.Gaussian:
                            shift ??= row.ToArray().Select(v => (double)v).ToArray();
                            var square = squares![c];
                            for (var j = 0; j < d; j++)
                            {
                                var v = row[j] - shift[j];
                                sum[j] += v;
                                square[j] += v * v;
                            }

                            break;
                        case NaiveBayesLikelihood.Multinomial:
                            for (var j = 0; j < d; j++)
                            {
                                sum[j] += row[j];
                            }

                            break;
                        default:
                            for (var j = 0; j < d; j++)
                            {
                                if (row[j] > o.BinarizeThreshold)
                                {
                                    sum[j]++;
                                }
                            }

                            break;
                    }
                }

                rowsInBlock = 0;
            }

            while (cursor.MoveNext())
            {
                foreach (var read in readers)
                {
                    read(rowsInBlock, cursor.Position);
                }

                if (++rowsInBlock == block)
                {
                    Accumulate();
                }
            }

            Accumulate();
        }

        var total = counts.Sum();
        if (total == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (columns '{o.FeatureColumnName}', '{o.LabelColumnName}').");
        }

        if (Array.IndexOf(counts, 0L) is var missing and >= 0)
        {
            throw new InvalidOperationException(
                $"Label column '{o.LabelColumnName}' has no training rows of class '{classes.ClassNames[missing]}'. " +
                "Every class needs rows: sample the training data per class, or drop the unused class (e.g. fit MapValueToKey on the training rows).");
        }

        var parameters = new NaiveBayesParameters
        {
            ClassCounts = counts,
            LogPriors = (o.ClassPriors ?? counts.Select(c => (double)c / total).ToArray()).Select(p => Math.Log(p)).ToArray(),
            SlotNames = SlotNames(input.Schema[o.FeatureColumnName], d),
        };
        switch (o.Likelihood)
        {
            case NaiveBayesLikelihood.Gaussian:
                var means = NewMatrix(k, d);
                var variances = NewMatrix(k, d);
                for (var c = 0; c < k; c++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        var mean = sums[c][j] / counts[c];
                        means[c][j] = mean + shift![j];
                        variances[c][j] = Math.Max(0, squares![c][j] / counts[c] - mean * mean);
                    }
                }

                // scikit-learn's var_smoothing: a fraction of the largest variance of any feature over all rows.
                var epsilon = o.VarianceSmoothing * Math.Max(OverallVariances(sums, squares!, counts, total).DefaultIfEmpty(0).Max(), 1e-12);
                foreach (var row in variances)
                {
                    for (var j = 0; j < d; j++)
                    {
                        row[j] += epsilon;
                    }
                }

                parameters.First = means;
                parameters.Second = variances;
                break;
            case NaiveBayesLikelihood.Multinomial:
                parameters.First = sums.Select(s =>
                {
                    var norm = Math.Log(s.Sum() + o.Smoothing * d);
                    return s.Select(v => Math.Log(v + o.Smoothing) - norm).ToArray();
                }).ToArray();
                parameters.MeanTotals = sums.Select((s, c) => s.Sum() / counts[c]).ToArray();
                break;
            default:
                parameters.First = sums.Select((s, c) => s.Select(v => Math.Log((v + o.Smoothing) / (counts[c] + 2 * o.Smoothing))).ToArray()).ToArray();
                parameters.Second = sums.Select((s, c) => s.Select(v => Math.Log((counts[c] - v + o.Smoothing) / (counts[c] + 2 * o.Smoothing))).ToArray()).ToArray();
                break;
        }

        return new NaiveBayesTransformer(o, inputs, parameters);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureInput.CheckShape(inputSchema, _options.FeatureColumnName);
        ClassInput.CheckShape(inputSchema, _options.LabelColumnName);
        var binary = inputSchema.TryFindColumn(_options.LabelColumnName, out var label) && label.ItemType is BooleanDataViewType;
        var columns = inputSchema.ToDictionary(c => c.Name);
        IEnumerable<(string Name, OutputKind Kind)> outputs = binary
            ? [(_options.ScoreColumnName, OutputKind.Float), (_options.ProbabilityColumnName, OutputKind.Float), (_options.PredictedLabelColumnName, OutputKind.Boolean), (_options.LogLikelihoodColumnName, OutputKind.Float)]
            : [(_options.ScoreColumnName, OutputKind.FloatVector), (_options.PredictedLabelColumnName, OutputKind.Key), (_options.LogLikelihoodColumnName, OutputKind.Float)];
        foreach (var (name, kind) in outputs)
        {
            columns[name] = OutputColumn.ShapeOf(name, kind);
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>Rows read at a time: up to 256, fewer for wide (e.g. n-gram) vectors so a block stays near a million values.</summary>
    internal static int RowsPerBlock(int features) => Math.Clamp(1_000_000 / Math.Max(features, 1), 1, 256);

    private static double[][] NewMatrix(int rows, int columns) => Enumerable.Range(0, rows).Select(_ => new double[columns]).ToArray();

    private static IEnumerable<double> OverallVariances(double[][] sums, double[][] squares, long[] counts, long total)
    {
        for (var j = 0; j < sums[0].Length; j++)
        {
            double s = 0, q = 0;
            for (var c = 0; c < counts.Length; c++)
            {
                s += sums[c][j];
                q += squares[c][j];
            }

            var mean = s / total;
            yield return Math.Max(0, q / total - mean * mean);
        }
    }

    private static string[] SlotNames(DataViewSchema.Column column, int size)
    {
        if (!column.HasSlotNames(size))
        {
            return [];
        }

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return dense.Length == size ? dense : Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
