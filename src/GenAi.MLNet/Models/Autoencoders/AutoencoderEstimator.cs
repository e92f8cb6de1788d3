using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// Trains an autoencoder on a float vector column. Create it with
/// <c>mlContext.Generative().Autoencoder(...)</c>.
/// </summary>
public sealed class AutoencoderEstimator : GenerativeEstimator<AutoencoderOptions, AutoencoderNetwork, AutoencoderTransformer>
{
    internal AutoencoderEstimator(MLContext mlContext, AutoencoderOptions options)
        : base(mlContext, options, "autoencoder")
    {
    }

    private protected override void CheckInputSchema(AutoencoderOptions options, SchemaShape inputSchema) => AutoencoderFamily.CheckInputSchema(options, inputSchema);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(AutoencoderOptions options) => AutoencoderFamily.OutputColumns(options);

    private protected override ModelInputs DescribeInputs(AutoencoderOptions options, IDataView data) => AutoencoderFamily.DescribeInputs(options, data);

    private protected override AutoencoderNetwork CreateNetwork(AutoencoderOptions options, ModelInputs inputs) => AutoencoderFamily.CreateNetwork(options, inputs);

    private protected override ITrainableModel CreateTrainable(AutoencoderNetwork network, AutoencoderOptions options, TrainingSetup setup)
        => new AutoencoderTraining(network, options, setup.Generator);

    private protected override AutoencoderTransformer CreateTransformer(IHostEnvironment env, ModelParts<AutoencoderOptions, AutoencoderNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => AutoencoderTransformer.Create(env, parts, AutoencoderFamily.FittedState(parts.Network, parts.Options, parts.Seed, train, validation));

    private protected override string Describe(AutoencoderOptions options, ModelInputs inputs) => AutoencoderFamily.Describe(options, inputs);
}
