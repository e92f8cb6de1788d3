using System;
using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Models.Gan;

/// <summary>
/// Trains a generative adversarial network on a float vector column (and, for a conditional GAN, a
/// label column). Create it with <c>mlContext.Generative().Gan(...)</c>.
/// </summary>
public sealed class GanEstimator : GenerativeEstimator<GanOptions, GanPair, GanTransformer>
{
    internal GanEstimator(MLContext mlContext, GanOptions options)
        : base(mlContext, options, "GAN")
    {
    }

    private protected override bool RecordSteps => true;

    private protected override void CheckInputSchema(GanOptions options, SchemaShape inputSchema)
    {
        FeatureInput.CheckShape(inputSchema, options.FeatureColumnName);
        if (options.LabelColumnName is { } label)
        {
            ClassInput.CheckShape(inputSchema, label);
        }
    }

    private protected override IEnumerable<(string Name, OutputKind Kind)> OutputColumns(GanOptions options) => [(options.ScoreColumnName, OutputKind.Float)];

    /// <summary>The data column (an automatic output activation is settled here) and, for a conditional GAN, the classes.</summary>
    private protected override ModelInputs DescribeInputs(GanOptions options, IDataView data)
    {
        var shape = FeatureInput.ShapeOf(data.Schema, options.FeatureColumnName);
        ClassInput? classes = null;
        if (options.LabelColumnName is { } label)
        {
            classes = ClassInput.Describe(data, label, options.MaxClasses, nameof(GanOptions) + "." + nameof(GanOptions.MaxClasses));
        }

        if (options.OutputActivation == GanOutputActivation.Auto)
        {
            var (min, max) = ColumnScan.FiniteRange(data, options.FeatureColumnName);
            options.OutputActivation = min >= 0 && max <= 1 ? GanOutputActivation.Sigmoid
                : min >= -1 && max <= 1 ? GanOutputActivation.Tanh
                : GanOutputActivation.None;
        }

        _ = GanSpec.From(options, shape, classes?.ClassNames.Count ?? 0);
        var features = GanFamily.Features(options, shape);
        return new ModelInputs(classes is null ? [features] : [features, classes]);
    }

    private protected override GanPair CreateNetwork(GanOptions options, ModelInputs inputs) => GanFamily.CreateNetwork(options, inputs);

    private protected override ITrainableModel CreateTrainable(GanPair network, GanOptions options, TrainingSetup setup)
    {
        var minimum = Math.Max(2, options.Pack);
        if (setup.Train.Rows < minimum)
        {
            throw new InvalidOperationException(
                $"The training data has {setup.Train.Rows} row{(setup.Train.Rows == 1 ? "" : "s")} (column '{options.FeatureColumnName}'); a GAN needs at least {minimum} per batch{(options.Pack > 1 ? $" (Pack = {options.Pack})" : " (batch normalisation)")}.");
        }

        return new GanTraining(network, options, setup.Generator, setup.Device, setup.Seed);
    }

    private protected override GanTransformer CreateTransformer(IHostEnvironment env, ModelParts<GanOptions, GanPair> parts, ITrainableModel trained, BatchSource train, BatchSource? validation)
    {
        var training = (GanTraining)trained;
        return GanTransformer.Create(env, parts, new GanState { Snapshots = [.. training.Snapshots], GeneratorSteps = training.GeneratorSteps });
    }

    private protected override string Describe(GanOptions options, ModelInputs inputs)
        => $"a GAN ({options.Architecture}, {options.Loss}, output {options.OutputActivation}{(inputs.Find<ClassInput>() is { } c ? $", conditional on {c.ClassNames.Count} classes" : "")}) on {inputs.Find<FeatureInput>()!.Shape.Size} features";
}
