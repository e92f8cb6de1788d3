using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Energy;

/// <summary>
/// Trains an energy-based model on a float vector column with short-run Langevin dynamics and a replay buffer.
/// Create it with <c>mlContext.Generative().EnergyBasedModel(...)</c>.
/// </summary>
public sealed class EnergyEstimator : GenerativeEstimator<EnergyOptions, EnergyNetwork, EnergyTransformer>
{
    internal EnergyEstimator(MLContext mlContext, EnergyOptions options)
        : base(mlContext, options, "energy-based model")
    {
    }

    private protected override void CheckInputSchema(EnergyOptions options, SchemaShape inputSchema) => FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(EnergyOptions options) => [(options.EnergyColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(EnergyOptions options, IDataView data)
        => new([new FeatureInput(options.FeatureColumnName, FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName))]);

    private protected override EnergyNetwork CreateNetwork(EnergyOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(EnergyNetwork network, EnergyOptions options, TrainingSetup setup)
    {
        if (options.Standardize)
        {
            var (means, deviations) = setup.Train.FeatureMoments();
            network.SetMoments(means, deviations);
        }

        return new EnergyTraining(network, options, setup.Generator);
    }

    private protected override EnergyTransformer CreateTransformer(IHostEnvironment env, ModelParts<EnergyOptions, EnergyNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(EnergyOptions options, ModelInputs inputs)
        => $"an energy-based model (MLP {string.Join("-", options.HiddenSizes)}, {options.LangevinSteps} Langevin steps per update, replay buffer {options.ReplayBufferSize:N0}) on {inputs.Find<FeatureInput>()!.Shape.Size} values";

    internal static EnergyNetwork Network(EnergyOptions options, ModelInputs inputs)
        => new(inputs.Find<FeatureInput>()!.Shape.Size, options.HiddenSizes, options.InputScale);
}
