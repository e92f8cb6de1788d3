using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// Trains a variational autoencoder on a float vector column. Create it with
/// <c>mlContext.Generative().Vae(...)</c>.
/// </summary>
public sealed class VaeEstimator : GenerativeEstimator<VaeOptions, AutoencoderNetwork, VaeTransformer>
{
    internal VaeEstimator(MLContext mlContext, VaeOptions options)
        : base(mlContext, options, "VAE")
    {
    }

    private protected override void CheckInputSchema(VaeOptions options, SchemaShape inputSchema) => AutoencoderFamily.CheckInputSchema(options, inputSchema);

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(VaeOptions options) => AutoencoderFamily.OutputColumns(options);

    private protected override ModelInputs DescribeInputs(VaeOptions options, IDataView data) => AutoencoderFamily.DescribeInputs(options, data);

    private protected override AutoencoderNetwork CreateNetwork(VaeOptions options, ModelInputs inputs) => AutoencoderFamily.CreateNetwork(options, inputs);

    private protected override ITrainableModel CreateTrainable(AutoencoderNetwork network, VaeOptions options, TrainingSetup setup)
        => new AutoencoderTraining(network, options, setup.Generator);

    private protected override VaeTransformer CreateTransformer(IHostEnvironment env, ModelParts<VaeOptions, AutoencoderNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => VaeTransformer.Create(env, new ModelParts<AutoencoderOptions, AutoencoderNetwork>(parts.Options, parts.Inputs, parts.Network, parts.History, parts.Seed),
            AutoencoderFamily.FittedState(parts.Network, parts.Options, parts.Seed, train, validation));

    private protected override string Describe(VaeOptions options, ModelInputs inputs) => AutoencoderFamily.Describe(options, inputs);
}
