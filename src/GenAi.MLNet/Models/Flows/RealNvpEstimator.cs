using System;
using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Flows;

/// <summary>
/// Trains a RealNVP normalizing flow on a float vector column by exact maximum likelihood. Create it with
/// <c>mlContext.Generative().RealNvp(...)</c>.
/// </summary>
public sealed class RealNvpEstimator : GenerativeEstimator<RealNvpOptions, RealNvpNetwork, RealNvpTransformer>
{
    private const string LevelsRange = "DequantizationLevels describes values k / (L − 1) in [0, 1]; scale the column (e.g. NormalizeMinMax) or leave DequantizationLevels null for continuous data.";

    internal RealNvpEstimator(MLContext mlContext, RealNvpOptions options)
        : base(mlContext, options, "RealNVP")
    {
    }

    private protected override void CheckInputSchema(RealNvpOptions options, SchemaShape inputSchema) => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(RealNvpOptions options)
    {
        yield return (options.LogLikelihoodColumnName, OutputKind.Float);
        yield return (options.LatentColumnName, OutputKind.FloatVector);
        yield return (options.ScoreColumnName, OutputKind.Float);
    }

    private protected override ModelInputs DescribeInputs(RealNvpOptions options, IDataView data)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        if (shape.Size < 2)
        {
            throw new ArgumentException($"Column '{options.FeatureColumnName}' has {shape.Size} value per row; a coupling flow needs at least 2 (it transforms one half given the other).", nameof(data));
        }

        return new([Features(options, shape)]);
    }

    private protected override RealNvpNetwork CreateNetwork(RealNvpOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(RealNvpNetwork network, RealNvpOptions options, TrainingSetup setup)
    {
        var levels = options.DequantizationLevels;
        if (levels is null)
        {
            network.Marginals.Set(setup.Train.Profile(0), options.DequantizeWholeNumbers, options.LogTransformSkewness);
        }

        if (options.Standardize)
        {
            // Moments of what the couplings see: dequantised values (noise at the cells' centres) after the log or logit transform.
            var (means, deviations) = setup.Train.FeatureMoments(0, x => network.Prepare(levels is { } l ? RealNvpTraining.Dequantize(x, 0.5f, l) : network.Marginals.Dequantize(x, 0.5f)).U);
            network.SetMoments(means, deviations);
        }

        return new RealNvpTraining(network, options, setup.Generator);
    }

    private protected override RealNvpTransformer CreateTransformer(IHostEnvironment env, ModelParts<RealNvpOptions, RealNvpNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(RealNvpOptions options, ModelInputs inputs)
        => $"a RealNVP flow ({options.CouplingLayers} coupling layers, MLP {string.Join("-", options.HiddenSizes)}) on {((FeatureInput)inputs[0]).Shape.Size} values";

    internal static FeatureInput Features(RealNvpOptions options, VectorShape shape)
        => new(options.FeatureColumnName, shape, options.DequantizationLevels is null ? null : new ValueRange(0, 1, LevelsRange));

    internal static RealNvpNetwork Network(RealNvpOptions options, ModelInputs inputs)
        => new(((FeatureInput)inputs[0]).Shape, options.CouplingLayers, options.HiddenSizes, options.DequantizationLevels is not null && options.LogitTransform);
}
