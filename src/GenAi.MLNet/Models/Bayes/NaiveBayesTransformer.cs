using System;
using GenAi.MLNet.Core;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Bayes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(NaiveBayesTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet naive Bayes", NaiveBayesTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Bayes;

/// <summary>A fitted naive Bayes classifier: scores rows by Bayes' rule, explains a decision feature by feature, and samples new rows from p(x | y).</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single</description></item>
/// <item><term><c>ScoreColumnName</c></term><description>binary: Single, the log-odds of true; multiclass: vector of Single, each class's posterior probability</description></item>
/// <item><term><c>ProbabilityColumnName</c></term><description>binary only: Single, the probability of true, kept within [1e-7, 1 − 1e-7] so log-loss stays finite</description></item>
/// <item><term><c>PredictedLabelColumnName</c></term><description>binary: Boolean; multiclass: key of the training label's classes</description></item>
/// <item><term><c>LogLikelihoodColumnName</c></term><description>Single, log p(x) in nats</description></item>
/// </list>
/// The outputs follow ML.NET's column contract, so <c>mlContext.BinaryClassification.Evaluate</c> and
/// <c>mlContext.MulticlassClassification.Evaluate</c> read them directly.
/// </remarks>
public sealed class NaiveBayesTransformer : ITransformer
{
    internal const string LoaderSignature = "GenAiNaiveBayes";
    private const string ModelSignature = "GENAINBC";
    private const string ModelName = "naive Bayes classifier";
    private const uint FormatVersion = 0x00010001;
    private readonly NaiveBayesOptions _options;
    private readonly ModelInputs _inputs;
    private readonly NaiveBayesParameters _parameters;
    private readonly IBatchMapper _mapper;

    internal NaiveBayesTransformer(NaiveBayesOptions options, ModelInputs inputs, NaiveBayesParameters parameters)
    {
        _options = options;
        _inputs = inputs;
        _parameters = parameters;
        _mapper = new Mapper(this);
    }

    /// <summary>A copy of the options the model was fitted with.</summary>
    public NaiveBayesOptions Options => ModelEntries.Clone(_options);

    /// <summary>The per-feature model.</summary>
    public NaiveBayesLikelihood Likelihood => _options.Likelihood;

    /// <summary>The classes, in score order (binary: False, True).</summary>
    public IReadOnlyList<string> ClassNames => Classes.ClassNames;

    /// <summary>True for a Boolean label.</summary>
    public bool IsBinary => Classes.IsBoolean;

    /// <summary>Features per row.</summary>
    public int FeatureCount => _parameters.Features;

    /// <summary>Training rows of each class.</summary>
    public IReadOnlyList<long> ClassCounts => _parameters.ClassCounts;

    /// <summary>p(y) of each class (estimated, or the given <see cref="NaiveBayesOptions.ClassPriors"/>).</summary>
    public IReadOnlyList<double> ClassPriors => _parameters.LogPriors.Select(p => Math.Exp(p)).ToArray();

    /// <summary>The feature column's slot names at training (e.g. FeaturizeText's n-grams); slot numbers when it had none.</summary>
    public IReadOnlyList<string> SlotNames => _parameters.SlotNames.Length > 0 ? _parameters.SlotNames : Enumerable.Range(0, FeatureCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    private ClassInput Classes => _inputs.Find<ClassInput>()!;

    /// <summary>
    /// The class's typical row: the Gaussian means, the multinomial's expected counts for the class's mean row
    /// total, or the Bernoulli probabilities of presence — what the model "thinks" the class looks like.
    /// </summary>
    public float[] ClassMean(string className)
    {
        var k = Classes.IndexOf(className);
        return Likelihood switch
        {
            NaiveBayesLikelihood.Gaussian => _parameters.First[k].Select(v => (float)v).ToArray(),
            NaiveBayesLikelihood.Multinomial => _parameters.First[k].Select(v => (float)(Math.Exp(v) * _parameters.MeanTotals[k])).ToArray(),
            _ => _parameters.First[k].Select(v => (float)Math.Exp(v)).ToArray(),
        };
    }

    /// <summary>log p(x | y) of every class, in nats, for one row of features.</summary>
    /// <exception cref="ArgumentException">The row has the wrong length or a non-finite value.</exception>
    public double[] ClassLogLikelihoods(ReadOnlySpan<float> features)
    {
        CheckRow(features);
        return _parameters.ClassLogLikelihoods(Likelihood, features, _options.BinarizeThreshold);
    }

    /// <summary>
    /// Why the model prefers one class to another for this row: each feature's log-likelihood ratio
    /// log p(x_j | <paramref name="forClass"/>) − log p(x_j | <paramref name="againstClass"/>), largest first by size.
    /// Together with the prior ratio they add up exactly to the log posterior odds — the whole decision.
    /// Defaults: binary, True against False; multiclass, the predicted class against the runner-up.
    /// </summary>
    /// <exception cref="ArgumentException">The row has the wrong length, or a class name is unknown.</exception>
    public IReadOnlyList<FeatureContribution> Explain(ReadOnlySpan<float> features, int top = 10, string? forClass = null, string? againstClass = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        CheckRow(features);
        int a, b;
        if (forClass is null && againstClass is null && IsBinary)
        {
            (a, b) = (1, 0);
        }
        else
        {
            var posterior = _parameters.ClassLogLikelihoods(Likelihood, features, _options.BinarizeThreshold).Select((l, k) => l + _parameters.LogPriors[k]).ToArray();
            var order = Enumerable.Range(0, posterior.Length).OrderByDescending(k => posterior[k]).ToArray();
            a = forClass is null ? order[0] : Classes.IndexOf(forClass);
            b = againstClass is null ? order.First(k => k != a) : Classes.IndexOf(againstClass);
        }

        var names = SlotNames;
        var contributions = new List<FeatureContribution>();
        for (var j = 0; j < features.Length; j++)
        {
            var t = _parameters.Term(Likelihood, a, j, features[j], _options.BinarizeThreshold) - _parameters.Term(Likelihood, b, j, features[j], _options.BinarizeThreshold);
            if (t != 0)
            {
                contributions.Add(new FeatureContribution(j, names[j], features[j], t));
            }
        }

        return contributions.OrderByDescending(c => Math.Abs(c.LogLikelihoodRatio)).ThenBy(c => c.Slot).Take(top).ToArray();
    }

    /// <summary>
    /// <see cref="Explain(ReadOnlySpan{float}, int, string?, string?)"/> for the first row of <paramref name="data"/>'s feature column
    /// (e.g. one email after the pipeline's featurizer: <c>pipeline.Transform(oneRow)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The feature column is missing, of the wrong size, or the view has no rows.</exception>
    public IReadOnlyList<FeatureContribution> Explain(IDataView data, int top = 10, string? forClass = null, string? againstClass = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = _inputs.Find<FeatureInput>()!;
        features.Check(data.Schema);
        var row = RowBlocks.Read(data, [features], 1);
        if (row.Rows == 0)
        {
            throw new ArgumentException($"The view has no rows to explain (column '{features.Name}').", nameof(data));
        }

        return Explain(row.Floats(0).Row(0), top, forClass, againstClass);
    }

    /// <summary>
    /// Draws <paramref name="count"/> new rows from p(x | y = <paramref name="className"/>): the generative
    /// model at work (features independent given the class, so samples are noisy versions of the class mean).
    /// Multinomial rows get the class's mean row total, rounded.
    /// </summary>
    public float[][] Sample(string className, int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var k = Classes.IndexOf(className);
        var random = new Random(seed);
        var d = FeatureCount;
        var rows = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i] = new float[d];
            switch (Likelihood)
            {
                case NaiveBayesLikelihood.Gaussian:
                    for (var j = 0; j < d; j++)
                    {
                        var normal = random.NextNormal();
                        row[j] = (float)(_parameters.First[k][j] + Math.Sqrt(_parameters.Second[k][j]) * normal);
                    }

                    break;
                case NaiveBayesLikelihood.Multinomial:
                    var cumulative = new double[d];
                    double acc = 0;
                    for (var j = 0; j < d; j++)
                    {
                        cumulative[j] = acc += Math.Exp(_parameters.First[k][j]);
                    }

                    for (var n = (int)Math.Round(_parameters.MeanTotals[k]); n > 0; n--)
                    {
                        var at = Array.BinarySearch(cumulative, random.NextDouble() * acc);
                        row[Math.Min(d - 1, at < 0 ? ~at : at)]++;
                    }

                    break;
                default:
                    for (var j = 0; j < d; j++)
                    {
                        row[j] = random.NextDouble() < Math.Exp(_parameters.First[k][j]) ? 1 : 0;
                    }

                    break;
            }
        }

        return rows;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, _mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, _mapper, NaiveBayesEstimator.RowsPerBlock(FeatureCount));

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, _mapper);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var manifest = ModelManifest.BeginStandalone(ctx, GetVersionInfo(), FormatVersion);
        manifest.Entries["Options.json"] = ModelEntries.SaveJson(ctx, "Options.json", _options, typeof(NaiveBayesOptions));
        manifest.Entries["Inputs.json"] = ModelEntries.SaveJson(ctx, "Inputs.json", _inputs.ToSaved(), typeof(SavedInput[]));
        manifest.Entries["Parameters.json"] = ModelEntries.SaveJson(ctx, "Parameters.json", _parameters, typeof(NaiveBayesParameters));
        manifest.Save(ctx);
    }

    private static VersionInfo GetVersionInfo() => ModelManifest.StandaloneVersion(ModelSignature, LoaderSignature, FormatVersion, typeof(NaiveBayesTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static NaiveBayesTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var entry = ModelManifest.OpenStandalone(ctx, GetVersionInfo(), FormatVersion, ModelName);
        var options = ModelEntries.FromJson<NaiveBayesOptions>(entry("Options.json"), "Options.json", ModelName);
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {ModelName}'s options are invalid: {e.Message}", e);
        }

        var inputs = ModelInputs.FromSaved(ModelEntries.FromJson<SavedInput[]>(entry("Inputs.json"), "Inputs.json", ModelName));
        var parameters = ModelEntries.FromJson<NaiveBayesParameters>(entry("Parameters.json"), "Parameters.json", ModelName);
        if (inputs.Find<FeatureInput>() is not { } features || inputs.Find<ClassInput>() is not { } classes)
        {
            throw new InvalidDataException($"The saved {ModelName}'s input columns are incomplete. The file is damaged or was written by another program.");
        }

        parameters.Validate(options.Likelihood, classes.ClassNames.Count, features.Shape.Size, ModelName);
        return new NaiveBayesTransformer(options, inputs, parameters);
    }

    private void CheckRow(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"The row has {features.Length} features; the model was fitted on {FeatureCount} (column '{_options.FeatureColumnName}').", nameof(features));
        }

        _inputs.Find<FeatureInput>()!.Validate(features, 0);
    }

    /// <summary>Probability is kept this far from 0 and 1 (naive Bayes is overconfident; an exact 0 or 1 makes log-loss infinite).</summary>
    private const float MinProbability = 1e-7f;

    private sealed class Mapper : IBatchMapper
    {
        private readonly NaiveBayesTransformer _owner;

        public Mapper(NaiveBayesTransformer owner)
        {
            _owner = owner;
            var o = owner._options;
            var k = owner.ClassNames.Count;
            Inputs = [owner._inputs.Find<FeatureInput>()!];
            Outputs = owner.IsBinary
                ? [OutputColumn.Float(o.ScoreColumnName), OutputColumn.Float(o.ProbabilityColumnName), OutputColumn.Boolean(o.PredictedLabelColumnName), OutputColumn.Float(o.LogLikelihoodColumnName)]
                : [OutputColumn.Vector(o.ScoreColumnName, new VectorShape(k, [k])), OutputColumn.Key(o.PredictedLabelColumnName, owner.ClassNames), OutputColumn.Float(o.LogLikelihoodColumnName)];
        }

        public IReadOnlyList<InputColumn> Inputs { get; }

        public IReadOnlyList<OutputColumn> Outputs { get; }

        public void Map(RowBatch rows, OutputBatch output)
        {
            var p = _owner._parameters;
            var x = rows.Floats(0);
            var k = p.Classes;
            for (var r = 0; r < rows.Rows; r++)
            {
                var joint = p.ClassLogLikelihoods(_owner.Likelihood, x.Row(r), _owner._options.BinarizeThreshold);
                for (var c = 0; c < k; c++)
                {
                    joint[c] += p.LogPriors[c];                                   // log p(x, y = c)
                }

                var max = joint.Max();
                var evidence = max + Math.Log(joint.Sum(v => Math.Exp(v - max))); // log p(x)
                if (_owner.IsBinary)
                {
                    var logOdds = joint[1] - joint[0];
                    Set(output, 0, r, (float)logOdds);
                    Set(output, 1, r, Math.Clamp((float)(1 / (1 + Math.Exp(-logOdds))), MinProbability, 1 - MinProbability));
                    if (output.IsActive(2))
                    {
                        output.Booleans(2)[r] = logOdds > 0;
                    }

                    Set(output, 3, r, (float)evidence);
                    continue;
                }

                if (output.IsActive(0))
                {
                    var scores = output.Floats(0);
                    for (var c = 0; c < k; c++)
                    {
                        scores[r * k + c] = (float)Math.Exp(joint[c] - evidence);
                    }
                }

                if (output.IsActive(1))
                {
                    output.Keys(1)[r] = Array.IndexOf(joint, max);
                }

                Set(output, 2, r, (float)evidence);
            }
        }

        private static void Set(OutputBatch output, int column, int row, float value)
        {
            if (output.IsActive(column))
            {
                output.Floats(column)[row] = value;
            }
        }
    }
}

/// <summary>One feature's part in a naive Bayes decision.</summary>
/// <param name="Slot">The feature's index in the feature vector.</param>
/// <param name="Name">Its slot name (e.g. an n-gram) or index.</param>
/// <param name="Value">Its value in the explained row.</param>
/// <param name="LogLikelihoodRatio">log p(x_j | for) − log p(x_j | against), nats: positive pushes toward the first class.</param>
public sealed record FeatureContribution(int Slot, string Name, float Value, double LogLikelihoodRatio);
