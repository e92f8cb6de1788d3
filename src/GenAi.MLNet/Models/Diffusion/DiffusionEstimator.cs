using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

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
        _ = Image(options, features.Shape);
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
            if (options.Denoiser == DiffusionDenoiser.UNet)
            {
                // One mean and deviation over all pixels: Var = mean of (per-pixel variance + squared offset of its mean).
                var mean = means.Average();
                var variance = means.Zip(deviations, (m, d) => (d * d) + ((m - mean) * (m - mean))).Average();
                (means, deviations) = (Enumerable.Repeat(mean, means.Length).ToArray(), Enumerable.Repeat((float)Math.Sqrt(variance), means.Length).ToArray());
            }

            network.SetMoments(means, deviations);
        }

        if (options.ClipSamples ?? options.Denoiser == DiffusionDenoiser.UNet)
        {
            var (min, max) = setup.Train.MinMax(map: network.Standardize);
            if (float.IsFinite(min) && float.IsFinite(max))
            {
                network.SetSampleRange(min, max);
            }
        }

        return new DiffusionTraining(network, options, setup.Generator);
    }

    private protected override DiffusionTransformer CreateTransformer(IHostEnvironment env, ModelParts<DiffusionOptions, DiffusionNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
        => new(env, parts);

    private protected override string Describe(DiffusionOptions options, ModelInputs inputs)
        => $"a diffusion model (T = {options.Timesteps}, {options.Schedule} schedule, {(options.Denoiser == DiffusionDenoiser.UNet ? $"U-Net {options.Filters} filters" : $"MLP {string.Join("-", options.HiddenSizes)}")}{(inputs.Find<ClassInput>() is { } c ? $", {c.ClassNames.Count} classes" : "")}) on {inputs.Find<FeatureInput>()!.Shape.Size} values";

    internal static DiffusionNetwork Network(DiffusionOptions options, ModelInputs inputs)
    {
        var shape = inputs.Find<FeatureInput>()!.Shape;
        return new(shape.Size, inputs.Find<ClassInput>()?.ClassNames.Count ?? 0, options.HiddenSizes, options.Timesteps, options.Schedule, Image(options, shape), options.Filters);
    }

    /// <summary>The image shape the U-Net needs (null for the MLP); the error names the column.</summary>
    private static (int C, int H, int W)? Image(DiffusionOptions options, VectorShape shape)
        => options.Denoiser != DiffusionDenoiser.UNet ? null : shape.Image ?? throw new ArgumentException(
            $"The U-Net denoiser needs image dimensions: column '{options.FeatureColumnName}' has dimensions [{string.Join(", ", shape.Dimensions)}]. " +
            "Declare them (e.g. new VectorDataViewType(NumberDataViewType.Single, channels, height, width)) or use Denoiser = DiffusionDenoiser.Mlp.", nameof(options));
}
