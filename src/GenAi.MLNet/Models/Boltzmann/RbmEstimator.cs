using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>
/// Trains a restricted Boltzmann machine on a float vector column with values in [0, 1]. Create it with
/// <c>mlContext.Generative().Rbm(...)</c>; stack several with <c>DeepBeliefNetwork(...)</c>.
/// </summary>
public sealed class RbmEstimator : GenerativeEstimator<RbmOptions, RbmNetwork, RbmTransformer>
{
    private const string BinaryRange =
        "an RBM's visible units are probabilities in [0, 1]; scale the column into [0, 1] first, e.g. NormalizeMinMax(column, fixZero: false) " +
        "(the default fixZero: true maps negative values to [-1, 0]); to score rows a normalizer fitted on other rows maps slightly outside, set RbmOptions.ClipInputs = true.";

    internal RbmEstimator(MLContext mlContext, RbmOptions options)
        : base(mlContext, options, "RBM")
    {
    }

    private protected override void CheckInputSchema(RbmOptions options, SchemaShape inputSchema) => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(RbmOptions options)
    {
        yield return (options.HiddenColumnName, OutputKind.FloatVector);
        yield return (options.ReconstructionColumnName, OutputKind.FloatVector);
        yield return (options.FreeEnergyColumnName, OutputKind.Float);
        yield return (options.PseudoLogLikelihoodColumnName, OutputKind.Float);
    }

    private protected override ModelInputs DescribeInputs(RbmOptions options, IDataView data)
        => new([Features(options, FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName))]);

    private protected override RbmNetwork CreateNetwork(RbmOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(RbmNetwork network, RbmOptions options, TrainingSetup setup)
        => new RbmTraining(network, options, setup.Generator);

    private protected override RbmTransformer CreateTransformer(IHostEnvironment env, ModelParts<RbmOptions, RbmNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts, new RbmState { VisibleMeans = train.FeatureMeans() });

    private protected override string Describe(RbmOptions options, ModelInputs inputs)
        => $"an RBM ({((FeatureInput)inputs[0]).Shape.Size} visible, {options.HiddenUnits} hidden, {(options.Persistent ? "PCD" : "CD")}-{options.GibbsSteps})";

    internal static FeatureInput Features(RbmOptions options, VectorShape shape) => new(options.FeatureColumnName, shape, new ValueRange(0, 1, BinaryRange));

    internal static RbmNetwork Network(RbmOptions options, ModelInputs inputs) => new(((FeatureInput)inputs[0]).Shape.Size, options.HiddenUnits);
}
