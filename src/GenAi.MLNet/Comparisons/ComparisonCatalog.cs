using System;
using GenAi.MLNet.Core;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Bayes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.Text;

namespace GenAi.MLNet;

/// <summary>
/// Traditional-vs-generative comparisons on <see cref="GenerativeCatalog"/>: the same task, the same rows, two
/// kinds of model, one report. Each takes ordinary ML.NET estimators or fitted pipelines, so any pair can be compared.
/// </summary>
public static class ComparisonCatalog
{
    /// <summary>
    /// Learning curves (Ng and Jordan 2002): each estimator is fitted on random training subsets of growing size and
    /// scored on the same test rows. A generative classifier (naive Bayes) typically reaches its best sooner, a
    /// discriminative one (logistic regression) ends higher.
    /// </summary>
    /// <param name="catalog">The catalog (its context's seed draws the subsets unless <see cref="LearningCurveOptions.Seed"/> is set).</param>
    /// <param name="train">Rows to draw the training subsets from.</param>
    /// <param name="test">Rows every fitted model is scored on.</param>
    /// <param name="models">Named estimators; each must append ML.NET's <c>PredictedLabel</c> column of the label's type.</param>
    /// <param name="options">Sizes, repeats, label column.</param>
    /// <exception cref="ArgumentException">A size exceeds the training rows, or a model's output lacks a PredictedLabel of the label's type (named).</exception>
    public static LearningCurveResult LearningCurve(this GenerativeCatalog catalog, IDataView train, IDataView test,
        IReadOnlyDictionary<string, IEstimator<ITransformer>> models, LearningCurveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(models);
        options ??= new LearningCurveOptions();
        options.Validate();
        if (models.Count == 0)
        {
            throw new ArgumentException("Give at least one model.", nameof(models));
        }

        var ml = catalog.Context;
        var label = options.LabelColumnName;
        train = ml.Data.Cache(train);
        var labels = Labels(train, label);
        var requested = options.TrainingSizes ?? LearningCurveOptions.SizesUpTo(labels.Length, labels.Distinct().Count());
        if (requested.Max() > labels.Length)
        {
            throw new ArgumentException($"TrainingSizes reaches {requested.Max():N0} rows; the training data has {labels.Length:N0}.", nameof(options));
        }

        var random = new Random(options.Seed ?? ((IHostEnvironment)ml).Register(nameof(LearningCurve)).Rand.Next());
        var sizes = requested.Distinct().OrderBy(s => s).ToArray();
        var accuracies = models.Keys.ToDictionary(m => m, _ => sizes.Select(_ => new double[options.Repeats]).ToArray());
        for (var s = 0; s < sizes.Length; s++)
        {
            for (var r = 0; r < options.Repeats; r++)
            {
                var subset = ml.Data.Cache(Subset(train, labels, sizes[s], random));
                foreach (var (name, estimator) in models)
                {
                    var model = estimator.Fit(subset);
                    accuracies[name][s][r] = Accuracy(model.Transform(test), label, name);
                    (model as IDisposable)?.Dispose();
                }
            }
        }

        return new LearningCurveResult(sizes, models.Keys.ToArray(), accuracies);
    }

    /// <summary>
    /// Scores fitted binary classifiers on the same test rows: accuracy, F1 and ROC AUC from ML.NET's evaluator
    /// (non-calibrated: any <c>Score</c> that is higher for true works), plus each model's ROC curve.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="test">Test rows with a Boolean label.</param>
    /// <param name="models">Named fitted pipelines that append <c>Score</c> and <c>PredictedLabel</c>.</param>
    /// <param name="labelColumnName">The Boolean label column.</param>
    public static ClassifierComparison CompareClassifiers(this GenerativeCatalog catalog, IDataView test, IReadOnlyDictionary<string, ITransformer> models, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0)
        {
            throw new ArgumentException("Give at least one model.", nameof(models));
        }

        var ml = catalog.Context;
        var results = new List<ClassifierResult>();
        foreach (var (name, model) in models)
        {
            var scored = model.Transform(test);
            switch (scored.Schema.GetColumnOrNull(labelColumnName))
            {
                case null:
                    throw new ArgumentException($"Model '{name}': label column '{labelColumnName}' not found in its output.", nameof(models));
                case { Type: not BooleanDataViewType } label:
                    throw new ArgumentException($"Model '{name}': label column '{labelColumnName}' must be Boolean (a binary comparison); it is {label.Type}.", nameof(models));
            }

            if (scored.Schema.GetColumnOrNull("Score") is not { Type: NumberDataViewType })
            {
                throw new ArgumentException($"Model '{name}' must append a numeric 'Score' column (a binary classifier's score, higher for true).", nameof(models));
            }

            var metrics = ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumnName);
            var scores = scored.GetColumn<float>("Score").ToArray();
            var truth = scored.GetColumn<bool>(labelColumnName).ToArray();
            results.Add(new ClassifierResult(name, metrics.Accuracy, metrics.F1Score, metrics.AreaUnderRocCurve, metrics.PositivePrecision, metrics.PositiveRecall, RocCurve.Compute(scores, truth)));
        }

        return new ClassifierComparison(results);
    }

    /// <summary>
    /// Scores detectors — supervised or not, traditional or generative — on the same labelled rows: ROC AUC,
    /// average precision and precision at <paramref name="k"/>, each read from the detector's own score column
    /// (higher = more likely positive, e.g. a VAE's <c>AnomalyScore</c>, a flow's <c>AnomalyScore</c> or ML.NET's RandomizedPca <c>Score</c> —
    /// the last a reconstruction error relative to the row's length, which can rank far-out rows as normal: it scored
    /// below chance on Shuttle and on the breast-cancer data).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="detectors">For each detector: its name, its scored rows, and the score column.</param>
    /// <param name="labelColumnName">In every scored view: Boolean, true for the positives (anomalies), or a number, 1 (any value above 0) for them as ML.NET's anomaly evaluator expects.</param>
    /// <param name="k">Rows reviewed for precision at k.</param>
    public static DetectorComparison CompareDetectors(this GenerativeCatalog catalog, IEnumerable<(string Name, IDataView Scored, string ScoreColumnName)> detectors,
        string labelColumnName, int k)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(detectors);
        var results = new List<(string, DetectionScores, RocCurve)>();
        foreach (var (name, scored, scoreColumn) in detectors)
        {
            var truth = scored.Schema.GetColumnOrNull(labelColumnName) switch
            {
                null => throw new ArgumentException($"Detector '{name}': label column '{labelColumnName}' not found in its scored rows.", nameof(detectors)),
                { Type: BooleanDataViewType } => scored.GetColumn<bool>(labelColumnName).ToArray(),
                { Type: NumberDataViewType } => scored.GetColumn<float>(scored.Schema[labelColumnName]).Select(v => v > 0).ToArray(), // ML.NET's anomaly convention: 1 = anomaly
                var label => throw new ArgumentException(
                    $"Detector '{name}': label column '{labelColumnName}' must be Boolean, or a number with 1 for the positives (ML.NET's anomaly-detection convention); it is {label.Value.Type}.", nameof(detectors)),
            };
            switch (scored.Schema.GetColumnOrNull(scoreColumn))
            {
                case null:
                    throw new ArgumentException($"Detector '{name}': score column '{scoreColumn}' not found in its scored rows.", nameof(detectors));
                case { Type: not NumberDataViewType } column:
                    throw new ArgumentException($"Detector '{name}': score column '{scoreColumn}' must be numeric; it is {column.Type}.", nameof(detectors));
            }

            var scores = scored.GetColumn<float>(scored.Schema[scoreColumn]).ToArray();
            results.Add((name, DetectionScores.Compute(scores, truth, k), RocCurve.Compute(scores, truth)));
        }

        return new DetectorComparison(results);
    }

    /// <summary>
    /// The traditional side of text classification (e.g. spam filtering): ML.NET's <c>FeaturizeText</c> (word 1–2-grams
    /// and character 1–3-grams, L2-normalised) into SDCA logistic regression — a discriminative model of p(y | x) whose
    /// weights say which n-grams push toward true (<see cref="LinearExplanation"/>).
    /// </summary>
    /// <param name="catalog">The catalog (the SDCA trainer's seed comes from its context).</param>
    /// <param name="textColumnName">Input: the text column.</param>
    /// <param name="labelColumnName">Input: the Boolean label.</param>
    /// <param name="featureColumnName">The n-gram feature column the pipeline appends.</param>
    /// <returns>Appends <c>Features</c>, <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>.</returns>
    public static IEstimator<ITransformer> TraditionalTextClassifier(this GenerativeCatalog catalog, string textColumnName, string labelColumnName = "Label",
        string featureColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var ml = catalog.Context;
        return ml.Transforms.Text.FeaturizeText(featureColumnName, textColumnName)
            .AppendCacheCheckpoint(ml) // SDCA passes over the rows many times: featurize once
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName, featureColumnName));
    }

    /// <summary>
    /// The generative side of text classification: word 1–2-gram counts (lower-cased, unnormalised, n-grams seen fewer
    /// than <paramref name="minimumCount"/> times dropped) into a multinomial naive Bayes — one bag-of-n-grams
    /// language model per class, p(text | y), compared by their likelihood ratio. Each decision splits exactly into
    /// per-n-gram likelihood ratios (<see cref="NaiveBayesTransformer.Explain(IDataView, int, string?, string?)"/>).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="textColumnName">Input: the text column.</param>
    /// <param name="labelColumnName">Input: the label (Boolean, or a key for several classes).</param>
    /// <param name="featureColumnName">The n-gram count column the pipeline appends.</param>
    /// <param name="minimumCount">Drop n-grams seen fewer times than this in the training text (keeps the vocabulary, and the model, small).</param>
    /// <param name="smoothing">Additive smoothing of the class language models (1 = Laplace).</param>
    /// <returns>Appends <c>Features</c>, <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c> and <c>LogLikelihood</c>.</returns>
    public static EstimatorChain<NaiveBayesTransformer> GenerativeTextClassifier(this GenerativeCatalog catalog, string textColumnName, string labelColumnName = "Label",
        string featureColumnName = "Features", int minimumCount = 2, double smoothing = 1.0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        var ml = catalog.Context;
        var words = new TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.None,
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        };
        return ml.Transforms.Text.FeaturizeText(featureColumnName, words, textColumnName)
            .Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(featureColumnName, count: minimumCount))
            .Append(catalog.NaiveBayes(new NaiveBayesOptions
            {
                LabelColumnName = labelColumnName,
                FeatureColumnName = featureColumnName,
                Likelihood = NaiveBayesLikelihood.Multinomial,
                Smoothing = smoothing,
            }));
    }

    /// <summary>
    /// A generative fix for class imbalance: adds synthetic minority rows (label true) until they make up
    /// <see cref="OversamplingOptions.TargetFraction"/> of the rows — copies, or new rows from a generative model
    /// fitted to the minority rows alone (a class-conditional generator). Returns the original rows and the new ones
    /// as a view of the feature and label columns only; oversample the training rows, never the test rows.
    /// </summary>
    /// <remarks>
    /// When the minority already makes up at least the target share, the rows come back unchanged. Generated rows are
    /// continuous: columns that were one-hot or whole numbers get in-between values, which a tree ensemble can learn
    /// to tell from real rows (on Lending Club, LightGBM trained on generated bad loans caught almost none of the real
    /// ones — see the README's benchmark).
    /// </remarks>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (named).</exception>
    /// <exception cref="InvalidOperationException">There are no minority rows, or a feature is NaN or infinite (column and row named).</exception>
    public static IDataView Oversample(this GenerativeCatalog catalog, IDataView data, OversamplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new OversamplingOptions();
        options.Validate();
        var ml = catalog.Context;
        var shape = Core.Columns.FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        if (data.Schema.GetColumnOrNull(options.LabelColumnName) is not { Type: BooleanDataViewType })
        {
            throw new ArgumentException($"Label column '{options.LabelColumnName}' must be Boolean (true = the minority class).", nameof(data));
        }

        var features = new Core.Columns.FeatureInput(options.FeatureColumnName, shape);
        var block = Core.Columns.RowBlocks.ReadAll(data, [features]); // every value checked: NaN or infinity names the column and row
        var rows = Enumerable.Range(0, block.Rows).Select(r => block.Floats(0).Row(r).ToArray()).ToArray();
        var labels = data.GetColumn<bool>(options.LabelColumnName).ToArray();
        var minority = rows.Where((_, i) => labels[i]).ToArray();
        var majority = rows.Length - minority.Length;
        if (minority.Length == 0)
        {
            throw new InvalidOperationException($"Label column '{options.LabelColumnName}' has no true rows to oversample.");
        }

        var needed = (int)Math.Round(options.TargetFraction * majority / (1 - options.TargetFraction)) - minority.Length;
        if (options.Method == OversamplingMethod.None || needed <= 0)
        {
            needed = 0;
        }

        var seed = options.Seed ?? ((IHostEnvironment)ml).Register(nameof(Oversample)).Rand.Next();
        var method = options.Method switch
        {
            OversamplingMethod.Duplicate => SynthesisMethod.Copy,
            OversamplingMethod.Gaussian => SynthesisMethod.Gaussian,
            OversamplingMethod.Flow => SynthesisMethod.Flow,
            _ => SynthesisMethod.Vae,
        };
        var synthetic = TabularSynthesis.Rows(ml, method, options.FeatureColumnName, shape, minority, needed, options.Epochs, seed);
        var all = rows.Concat(synthetic).ToArray();
        return new Data.InMemoryDataView.Builder()
            .AddVector(options.FeatureColumnName, all.SelectMany(r => r).ToArray(), shape.Size, shape.Dimensions)
            .AddBoolean(options.LabelColumnName, labels.Concat(synthetic.Select(_ => true)).ToArray())
            .Build();
    }

    /// <summary>A stratified random subset: each class in proportion to its share of <paramref name="labels"/>, at least one row each.</summary>
    private static Core.Mapping.RowSubsetView Subset(IDataView train, long[] labels, int size, Random random)
    {
        var byClass = labels.Select((l, i) => (l, i)).GroupBy(p => p.l).OrderBy(g => g.Key).Select(g => g.Select(p => (long)p.i).ToArray()).ToArray();
        if (size < byClass.Length)
        {
            throw new ArgumentException($"A training subset of {size} rows cannot hold each of the label's {byClass.Length} classes: use larger TrainingSizes.", nameof(size));
        }

        var quotas = byClass.Select(c => Math.Max(1, (int)Math.Floor((double)size * c.Length / labels.Length))).ToArray();
        for (var c = 0; quotas.Sum() < size; c = (c + 1) % quotas.Length)
        {
            if (quotas[c] < byClass[c].Length)
            {
                quotas[c]++;
            }
        }

        while (quotas.Sum() > size)
        {
            quotas[Array.IndexOf(quotas, quotas.Max())]--;
        }

        return new Core.Mapping.RowSubsetView(train, byClass.SelectMany((rows, c) => rows.OrderBy(_ => random.Next()).Take(quotas[c])));
    }

    private static long[] Labels(IDataView data, string label)
    {
        var column = data.Schema.GetColumnOrNull(label)
            ?? throw new ArgumentException($"Label column '{label}' not found.", nameof(data));
        return column.Type switch
        {
            BooleanDataViewType => data.GetColumn<bool>(label).Select(b => b ? 1L : 0L).ToArray(),
            KeyDataViewType => data.GetColumn<uint>(label).Select(v => (long)v).ToArray(),
            _ => throw new ArgumentException($"Label column '{label}' must be Boolean or a key (MapValueToKey); it is {column.Type}.", nameof(data)),
        };
    }

    private static double Accuracy(IDataView scored, string label, string model)
    {
        if (scored.Schema.GetColumnOrNull("PredictedLabel") is not { } predicted || predicted.Type.RawType != scored.Schema[label].Type.RawType)
        {
            throw new ArgumentException($"Model '{model}' must append a PredictedLabel column of the label's type ({scored.Schema[label].Type}).", nameof(model));
        }

        var truth = Labels(scored, label);
        var guess = Labels(scored, "PredictedLabel");
        return truth.Zip(guess).Count(p => p.First == p.Second) / (double)truth.Length;
    }
}
