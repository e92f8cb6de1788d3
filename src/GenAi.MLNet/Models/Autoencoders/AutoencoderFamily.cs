using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>What the autoencoder and VAE estimators share: their columns, network, training step and fitted state.</summary>
internal static class AutoencoderFamily
{
    private const string BernoulliRange = "the Bernoulli likelihood needs values in [0, 1]; scale the column (e.g. NormalizeMinMax) or set Likelihood = Gaussian.";

    public static void CheckInputSchema(AutoencoderOptions options, SchemaShape inputSchema)
        => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    public static IEnumerable<(string, OutputKind)> OutputColumns(AutoencoderOptions options)
    {
        yield return (options.LatentColumnName, OutputKind.FloatVector);
        yield return (options.ReconstructionColumnName, OutputKind.FloatVector);
        yield return (options.ReconstructionErrorColumnName, OutputKind.Float);
        yield return (options.ScoreColumnName, OutputKind.Float);
        yield return (options.PredictedLabelColumnName, OutputKind.Boolean);
        if (options is VaeOptions vae)
        {
            yield return (vae.NegativeElboColumnName, OutputKind.Float);
            yield return (vae.KlColumnName, OutputKind.Float);
        }
    }

    /// <summary>The feature column; an automatic likelihood is settled here (Bernoulli for data in [0, 1], else Gaussian).</summary>
    public static ModelInputs DescribeInputs(AutoencoderOptions options, IDataView data)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        if (options.Likelihood == ReconstructionLikelihood.Auto)
        {
            options.Likelihood = ColumnScan.FiniteRange(data, options.FeatureColumnName) is ( >= 0, <= 1) ? ReconstructionLikelihood.Bernoulli : ReconstructionLikelihood.Gaussian;
        }

        _ = AutoencoderSpec.From(options, shape);
        return new ModelInputs([Features(options, shape)]);
    }

    /// <summary>The feature column as the fitted model reads it (with the Bernoulli range where it applies).</summary>
    public static FeatureInput Features(AutoencoderOptions options, VectorShape shape)
        => new(options.FeatureColumnName, shape, options.Likelihood switch
        {
            ReconstructionLikelihood.Bernoulli => new ValueRange(0, 1, BernoulliRange),
            ReconstructionLikelihood.Multinomial => new ValueRange(0, float.MaxValue, "the multinomial likelihood models counts or presence (e.g. a user's items), which are never negative."),
            _ => null,
        });

    public static AutoencoderNetwork CreateNetwork(AutoencoderOptions options, ModelInputs inputs)
        => new(AutoencoderSpec.From(options, ((FeatureInput)inputs[0]).Shape));

    public static string Describe(AutoencoderOptions options, ModelInputs inputs)
        => $"{(options.IsVariational ? "a VAE" : "an autoencoder")} ({options.Architecture}, latent {options.LatentDimension}, {options.Likelihood} likelihood) on {((FeatureInput)inputs[0]).Shape.Size} features";

    /// <summary>
    /// The state kept with the fitted model: per-feature means (of the training rows) and the anomaly
    /// threshold, unless set: a quantile of the validation rows' scores when there are any — rows the model
    /// has not fitted, so the share flagged on new normal rows is close to 1 − quantile — else of the
    /// training rows' (lower: fewer new normal rows pass than the quantile says).
    /// </summary>
    public static AutoencoderState FittedState(AutoencoderNetwork network, AutoencoderOptions options, int seed, BatchSource train, BatchSource? validation)
    {
        var means = train.FeatureMeans();
        if (options.AnomalyThreshold is { } threshold)
        {
            return new AutoencoderState { FeatureMeans = means, AnomalyThreshold = threshold };
        }

        var scores = new List<float>();
        network.eval();
        using var noise = AutoencoderScoring.ElboNoise(options, seed, network.parameters().First().device);
        using var generator = TorchRandom.Generator(0);
        using (no_grad())
        {
            var source = validation ?? train;
            foreach (var slice in source.Plan(512, shuffle: false, generator, 0))
            {
                using var scope = NewDisposeScope();
                var x = source.Load(slice).Features();
                var score = AutoencoderScoring.AnomalyScore(network, options, x, noise);
                var values = new float[x.shape[0]];
                TensorIO.CopyTo(score, values);
                scores.AddRange(values);
            }
        }

        scores.Sort();
        var index = Math.Clamp((int)Math.Ceiling(options.AnomalyQuantile * scores.Count) - 1, 0, scores.Count - 1);
        return new AutoencoderState { FeatureMeans = means, AnomalyThreshold = scores[index] };
    }
}
