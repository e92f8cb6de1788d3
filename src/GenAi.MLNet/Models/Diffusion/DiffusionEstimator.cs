using System;
using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>
/// Trains a denoising diffusion model on a float vector column (optionally class-conditional). Create it with
/// <c>mlContext.Generative().Diffusion(...)</c>.
/// </summary>
public sealed class DiffusionEstimator : GenerativeEstimator<DiffusionOptions, DiffusionNetwork, DiffusionTransformer>
{
    internal DiffusionEstimator(MLContext mlContext, DiffusionOptions options)
        : base(mlContext, options, "diffusion model")
    {
    }

    private protected override void CheckInputSchema(DiffusionOptions options, SchemaShape inputSchema)
    {
        FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);
        if (options.LabelColumnName is { } label)
        {
            ClassInput.CheckShape(inputSchema, label);
        }
    }

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(DiffusionOptions options) => [(options.DenoisingErrorColumnName, OutputKind.Float)];

    private protected override ModelInputs DescribeInputs(DiffusionOptions options, IDataView data)
    {
        var features = new FeatureInput(options.FeatureColumnName, FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName));
        if (options.LabelColumnName is not { } label)
        {
            return new([features]);
        }

        return new([features, ClassInput.Describe(data, label, options.MaxClasses, nameof(DiffusionOptions) + "." + nameof(DiffusionOptions.MaxClasses))]);
    }

    private protected override DiffusionNetwork CreateNetwork(DiffusionOptions options, ModelInputs inputs) => Network(options, inputs);

    private protected override ITrainableModel CreateTrainable(DiffusionNetwork network, DiffusionOptions options, TrainingSetup setup)
    {
        if (options.Standardize)
        {
            var (means, deviations) = setup.Train.FeatureMoments();
            network.SetMoments(means, deviations);
        }

        return new DiffusionTraining(network, options, setup.Generator);
    }

    private protected override DiffusionTransformer CreateTransformer(IHostEnvironment env, ModelParts<DiffusionOptions, DiffusionNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(DiffusionOptions options, ModelInputs inputs)
        => $"a diffusion model (T = {options.Timesteps}, {options.Schedule} schedule, MLP {string.Join("-", options.HiddenSizes)}{(inputs.Find<ClassInput>() is { } c ? $", {c.ClassNames.Count} classes" : "")}) on {inputs.Find<FeatureInput>()!.Shape.Size} values";

    internal static DiffusionNetwork Network(DiffusionOptions options, ModelInputs inputs)
        => new(inputs.Find<FeatureInput>()!.Shape.Size, inputs.Find<ClassInput>()?.ClassNames.Count ?? 0, options.HiddenSizes, options.Timesteps, options.Schedule);
}
