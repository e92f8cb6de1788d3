using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace GenAi.MLNet;

/// <summary>
/// Simulation with synthetic tables on <see cref="GenerativeCatalog"/>: make rows like the real ones, then ask whether
/// they are useful (a model trained on them works on real rows) and private (they are not copies of real rows).
/// </summary>
public static class SimulationCatalog
{
    /// <summary>
    /// Synthetic rows like <paramref name="data"/>: one generator per class of the label — Boolean, or a key (as
    /// <c>MapValueToKey</c> makes) for many classes — or one for unlabelled data, each class keeping its share of the
    /// rows. Generated values are continuous: a one-hot or whole-number feature comes back with in-between values.
    /// </summary>
    /// <param name="catalog">The catalog (its context's seed is used unless <see cref="SyntheticDataOptions.Seed"/> is set).</param>
    /// <param name="data">Real rows: the feature vector and, unless the label is null, a Boolean or key label.</param>
    /// <param name="options">Columns, method, size, seed.</param>
    /// <returns>The synthetic rows: the feature column (same size) and the label, if any (same type; a key keeps its class names).</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (named).</exception>
    /// <exception cref="InvalidOperationException">A feature is NaN or infinite, or a key label is missing (column and row named).</exception>
    public static IDataView Synthesize(this GenerativeCatalog catalog, IDataView data, SyntheticDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SyntheticDataOptions();
        options.Validate();
        var (shape, rows, classes) = ReadClasses(data, options.FeatureColumnName, options.LabelColumnName);
        return Build(options, shape, classes, Generate(catalog.Context, options, shape, rows, classes));
    }

    /// <summary>
    /// Data augmentation: the real rows followed by synthetic ones (<see cref="Synthesize"/>; <see cref="SyntheticDataOptions.Rows"/>
    /// synthetic rows, default as many as the real ones), in the same two columns — to train a classifier on more rows
    /// than were labelled.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (named).</exception>
    public static IDataView Augment(this GenerativeCatalog catalog, IDataView data, SyntheticDataOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SyntheticDataOptions();
        options.Validate();
        var (shape, rows, classes) = ReadClasses(data, options.FeatureColumnName, options.LabelColumnName);
        var synthetic = Generate(catalog.Context, options, shape, rows, classes);
        var real = rows.Select((r, i) => (Row: r, Class: classes.Index[i]));
        return Build(options, shape, classes, real.Concat(synthetic).ToArray());
    }

    private sealed record ClassInfo(int[] Index, string[]? Names, bool Boolean);

    private static (float[] Row, int Class)[] Generate(MLContext ml, SyntheticDataOptions options, Data.VectorShape shape, float[][] rows, ClassInfo classes)
    {
        var total = options.Rows ?? rows.Length;
        var seed = options.Seed ?? ((IHostEnvironment)ml).Register(nameof(Synthesize)).Rand.Next();
        var groups = rows.Select((r, i) => (Row: r, Class: classes.Index[i])).GroupBy(p => p.Class).OrderBy(g => g.Key).ToArray();
        var synthetic = new List<(float[] Row, int Class)>();
        var made = 0;
        for (var k = 0; k < groups.Length; k++)
        {
            var real = groups[k].Select(p => p.Row).ToArray();
            var count = k == groups.Length - 1 ? total - made : (int)Math.Round((double)total * real.Length / rows.Length);
            made += count;
            synthetic.AddRange(TabularSynthesis.Rows(ml, options.Method, options.FeatureColumnName, shape, real, count, options.Epochs, seed + k).Select(r => (r, groups[k].Key)));
        }

        return [.. synthetic];
    }

    private static Data.InMemoryDataView Build(SyntheticDataOptions options, Data.VectorShape shape, ClassInfo classes, (float[] Row, int Class)[] rows)
    {
        var builder = new Data.InMemoryDataView.Builder().AddVector(options.FeatureColumnName, rows.SelectMany(r => r.Row).ToArray(), shape.Size, shape.Dimensions);
        if (options.LabelColumnName is { } label)
        {
            if (classes.Boolean)
            {
                builder.AddBoolean(label, rows.Select(r => r.Class == 1).ToArray());
            }
            else
            {
                builder.AddKey(label, rows.Select(r => r.Class).ToArray(), classes.Names!);
            }
        }

        return builder.Build();
    }

    private static (Data.VectorShape Shape, float[][] Rows, ClassInfo Classes) ReadClasses(IDataView data, string featureColumnName, string? labelColumnName)
    {
        if (labelColumnName is null)
        {
            var (plainShape, plainRows, _) = Read(data, featureColumnName, null, nameof(data));
            return (plainShape, plainRows, new ClassInfo(new int[plainRows.Length], null, Boolean: true));
        }

        var column = data.Schema.GetColumnOrNull(labelColumnName);
        if (column is { Type: BooleanDataViewType })
        {
            var (boolShape, boolRows, labels) = Read(data, featureColumnName, labelColumnName, nameof(data));
            return (boolShape, boolRows, new ClassInfo(labels!.Select(l => l ? 1 : 0).ToArray(), null, Boolean: true));
        }

        if (column is not { Type: KeyDataViewType key })
        {
            throw new ArgumentException($"data: label column '{labelColumnName}' must exist and be Boolean or a key (use MapValueToKey for other labels).", nameof(data));
        }

        var (shape, rows, _) = Read(data, featureColumnName, null, nameof(data));
        var keys = data.GetColumn<uint>(labelColumnName).ToArray();
        var missing = Array.IndexOf(keys, 0u);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"Label column '{labelColumnName}': row {missing} has no class (key 0).");
        }

        var count = (int)key.Count;
        string[] names;
        if (column.Value.Annotations.Schema.GetColumnOrNull("KeyValues") is not null)
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.Value.GetKeyValues(ref values);
            names = values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        else
        {
            names = Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        return (shape, rows, new ClassInfo(keys.Select(k => (int)k - 1).ToArray(), names, Boolean: false));
    }

    /// <summary>
    /// Judges synthetic sets by use and by privacy: <paramref name="trainer"/> is fitted on <paramref name="realTrain"/>
    /// ("real") and on each synthetic set, and every model is tested on <paramref name="realTest"/> (train on synthetic,
    /// test on real); each synthetic set's distance to the closest record is measured against the training rows, with the
    /// real test rows as the held-out reference.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="realTrain">The real rows the generators learnt from.</param>
    /// <param name="realTest">Real rows no generator saw.</param>
    /// <param name="synthetic">Named synthetic sets (e.g. from <see cref="Synthesize"/>), with the same feature and label columns.</param>
    /// <param name="trainer">A binary classifier estimator on the feature and label columns (appends <c>Score</c>).</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or a synthetic set's features have another size (named).</exception>
    public static SyntheticDataComparison CompareSyntheticData(this GenerativeCatalog catalog, IDataView realTrain, IDataView realTest,
        IReadOnlyDictionary<string, IDataView> synthetic, IEstimator<ITransformer> trainer, string featureColumnName = "Features", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(realTrain);
        ArgumentNullException.ThrowIfNull(realTest);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(trainer);
        if (synthetic.Count == 0)
        {
            throw new ArgumentException("Give at least one synthetic set.", nameof(synthetic));
        }

        if (synthetic.ContainsKey("real"))
        {
            throw new ArgumentException("'real' names the model trained on the real rows: give the synthetic sets other names.", nameof(synthetic));
        }

        var (shape, train, _) = Read(realTrain, featureColumnName, labelColumnName, nameof(realTrain));
        var (testShape, holdout, _) = Read(realTest, featureColumnName, labelColumnName, nameof(realTest));
        Same(shape, testShape, nameof(realTest));
        var models = new Dictionary<string, ITransformer> { ["real"] = trainer.Fit(realTrain) };
        var privacy = new List<DistanceToClosestRecord>();
        var (mean, rawSd) = TabularSynthesis.Moments(train);
        var sd = rawSd.Select(v => v > 1e-12 ? v : 1).ToArray();     // a constant feature is left unscaled
        foreach (var (name, set) in synthetic)
        {
            var (setShape, rows, _) = Read(set, featureColumnName, labelColumnName, $"synthetic[\"{name}\"]");
            Same(shape, setShape, $"synthetic[\"{name}\"]");
            models[name] = trainer.Fit(set);
            privacy.Add(Dcr(name, Standardise(train, mean, sd), Standardise(holdout, mean, sd), Standardise(rows, mean, sd)));
        }

        return new SyntheticDataComparison(catalog.CompareClassifiers(realTest, models, labelColumnName), privacy);
    }

    private static DistanceToClosestRecord Dcr(string name, float[][] train, float[][] holdout, float[][] synthetic)
    {
        using var scope = NewDisposeScope();
        var t = Distances.Matrix(train);
        var h = Distances.Matrix(holdout);
        var s = Distances.Matrix(synthetic);
        var (synthToTrain, _) = Distances.Nearest(s, t, excludeSelf: false);
        var (holdoutToTrain, _) = Distances.Nearest(h, t, excludeSelf: false);

        var holdoutFifth = Distances.Quantile(holdoutToTrain, 0.05);
        return new DistanceToClosestRecord(name, Distances.Quantile(synthToTrain, 0.5), Distances.Quantile(holdoutToTrain, 0.5),
            Distances.Quantile(synthToTrain, 0.05), holdoutFifth, synthToTrain.Count(d => d < holdoutFifth) / (double)synthetic.Length,
            synthToTrain.Count(d => d < 1e-6) / (double)synthetic.Length);
    }
    private static float[][] Standardise(float[][] rows, double[] mean, double[] sd)
        => rows.Select(r => r.Select((v, j) => (float)((v - mean[j]) / sd[j])).ToArray()).ToArray();

    private static void Same(Data.VectorShape expected, Data.VectorShape actual, string parameter)
    {
        if (actual.Size != expected.Size)
        {
            throw new ArgumentException($"{parameter}: the features have {actual.Size} values; the real training rows have {expected.Size}.", parameter);
        }
    }

    private static (Data.VectorShape Shape, float[][] Rows, bool[]? Labels) Read(IDataView data, string featureColumnName, string? labelColumnName, string parameter)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, featureColumnName);
        bool[]? labels = null;
        if (labelColumnName is not null)
        {
            if (data.Schema.GetColumnOrNull(labelColumnName) is not { Type: BooleanDataViewType })
            {
                throw new ArgumentException($"{parameter}: label column '{labelColumnName}' must exist and be Boolean.", parameter);
            }

            labels = data.GetColumn<bool>(labelColumnName).ToArray();
        }

        var block = RowBlocks.ReadAll(data, [new FeatureInput(featureColumnName, shape)]);   // NaN or infinity names the column and row
        if (block.Rows == 0)
        {
            throw new ArgumentException($"{parameter} has no rows.", parameter);
        }

        var rows = Enumerable.Range(0, block.Rows).Select(r => block.Floats(0).Row(r).ToArray()).ToArray();
        return (shape, rows, labels);
    }
}
