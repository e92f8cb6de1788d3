using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(AutoencoderTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet Autoencoder", AutoencoderTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// A fitted autoencoder. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends, lazily
/// and a block of rows at a time, the latent code, the reconstruction, the per-row reconstruction error, an
/// anomaly score and flag; the methods encode, decode, interpolate and impute missing values.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, the size seen in training (values in [0, 1] for the Bernoulli likelihood)</description></item>
/// <item><term><c>LatentColumnName</c></term><description>vector of Single (L): the code (a VAE's posterior mean)</description></item>
/// <item><term><c>ReconstructionColumnName</c></term><description>vector of Single (D), same dimensions as the input</description></item>
/// <item><term><c>ReconstructionErrorColumnName</c></term><description>Single: -log p(x | decoder(code)), nats</description></item>
/// <item><term><c>ScoreColumnName</c> ("AnomalyScore")</term><description>Single: anomaly score, higher is more unusual</description></item>
/// <item><term><c>PredictedLabelColumnName</c> ("IsAnomaly")</term><description>Boolean: score above <see cref="AnomalyThreshold"/></description></item>
/// <item><term><c>NegativeElboColumnName</c> (VAE)</term><description>Single: -ELBO, nats</description></item>
/// <item><term><c>KlColumnName</c> (VAE)</term><description>Single: KL(q(z|x) || p(z)), nats</description></item>
/// </list>
/// The score and flag columns are what <c>mlContext.AnomalyDetection.Evaluate(data, scoreColumnName: "AnomalyScore", predictedLabelColumnName: "IsAnomaly")</c> reads.
/// </remarks>
public class AutoencoderTransformer : GenerativeTransformer<AutoencoderOptions, AutoencoderNetwork>
{
    internal const string LoaderSignature = "GenAiAutoencoder";

    private protected AutoencoderTransformer(IHostEnvironment env, ModelParts<AutoencoderOptions, AutoencoderNetwork> parts, AutoencoderState state)
        : base(env, parts)
    {
        State = state;
        Features = (FeatureInput)parts.Inputs[0];
    }

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape => Features.Shape;

    /// <summary>The latent dimension.</summary>
    public int LatentDimension => TrainedOptions.LatentDimension;

    /// <summary>Per-feature means of the training data (the mean-fill baseline of <see cref="Impute"/>).</summary>
    public IReadOnlyList<float> FeatureMeans => State.FeatureMeans;

    /// <summary>The anomaly score above which a row is flagged (the option, or the <see cref="AutoencoderOptions.AnomalyQuantile"/> of the training rows' scores).</summary>
    public double AnomalyThreshold => State.AnomalyThreshold;

    /// <summary>
    /// The trained network, for inspection and teaching (e.g. computing mu and log sigma^2 of a batch).
    /// Use it under <c>torch.no_grad()</c> and do not train it further: the transformer's outputs would change.
    /// </summary>
    public AutoencoderNetwork Network => Module;

    private protected AutoencoderState State { get; }

    private protected FeatureInput Features { get; }

    /// <summary>The latent codes (a VAE's posterior means) of every row, <c>rows x L</c>.</summary>
    public float[][] Encode(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var block = RowBlocks.ReadAll(data, [Features]);
        return RunBatches(block.Floats(0).Values, block.Rows, InputShape.Size, LatentDimension, x => Module.Encode(x).Mu);
    }

    /// <summary>Decodes latent codes into data space (Bernoulli: probabilities; Gaussian: means), <c>rows x D</c>.</summary>
    public float[][] Decode(float[][] latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.Any(z => z is null || z.Length != LatentDimension))
        {
            throw new ArgumentException($"Every latent code must have {LatentDimension} values.", nameof(latents));
        }

        var flat = latents.SelectMany(z => z).ToArray();
        return RunBatches(flat, latents.Length, LatentDimension, InputShape.Size, z => Module.ToData(Module.Decode(z)));
    }

    /// <summary>
    /// Decodes the codes in <paramref name="latentColumnName"/> into a new view with one column named
    /// like the training feature column, with the training data's dimensions.
    /// </summary>
    public IDataView Decode(IDataView latents, string latentColumnName)
    {
        ArgumentNullException.ThrowIfNull(latents);
        var column = new FeatureInput(latentColumnName, new VectorShape(LatentDimension, [LatentDimension]));
        var block = RowBlocks.ReadAll(latents, [column]);
        var flat = block.Floats(0).Values;
        var decoded = Decode(Enumerable.Range(0, block.Rows).Select(i => flat.AsSpan(i * LatentDimension, LatentDimension).ToArray()).ToArray());
        return FeaturesView(decoded);
    }

    /// <summary>
    /// Decodes <paramref name="steps"/> points on the straight line between the latent codes of two rows
    /// of <paramref name="data"/>: a view with <c>Alpha</c> (0 at <paramref name="fromRow"/>, 1 at
    /// <paramref name="toRow"/>) and the decoded features.
    /// </summary>
    public IDataView Interpolate(IDataView data, long fromRow, long toRow, int steps = 8)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        var codes = Encode(data);
        if (fromRow < 0 || fromRow >= codes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(fromRow), fromRow, $"The data has {codes.Length} rows.");
        }

        if (toRow < 0 || toRow >= codes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(toRow), toRow, $"The data has {codes.Length} rows.");
        }

        var (a, b) = (codes[fromRow], codes[toRow]);
        var alphas = Enumerable.Range(0, steps).Select(i => (float)i / (steps - 1)).ToArray();
        var path = alphas.Select(t => a.Zip(b, (x, y) => ((1 - t) * x) + (t * y)).ToArray()).ToArray();
        var decoded = Decode(path);
        return new InMemoryDataView.Builder()
            .AddScalar("Alpha", alphas)
            .AddVector(TrainedOptions.FeatureColumnName, decoded.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions)
            .Build();
    }

    /// <summary>
    /// Fills missing values (NaN) in the feature column: the code z starts at the encoding of the row with
    /// missing entries set to the training mean, then <paramref name="iterations"/> Adam steps maximise
    /// log p(x_observed | z) + log p(z) (a MAP estimate of z given only the observed values); the missing
    /// entries are read from the decoder at that z, the observed ones are kept. Appends
    /// <paramref name="outputColumnName"/> (same shape as the features), lazily.
    /// </summary>
    public IDataView Impute(IDataView data, string outputColumnName = "Imputed", int iterations = 100)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        ThrowIfDisposed();
        return BatchMapping.Transform(data, Guard(new ImputationMapper(Module, Features, State.FeatureMeans, outputColumnName, iterations, Device)));
    }

    /// <summary>Runs <paramref name="map"/> over row-major <paramref name="input"/> in batches, without gradients.</summary>
    private protected float[][] RunBatches(float[] input, int rows, int inWidth, int outWidth, Func<Tensor, Tensor> map)
    {
        var output = new float[rows * outWidth];
        const int batch = BatchMapping.DefaultBatchSize;
        for (var start = 0; start < rows; start += batch)
        {
            var count = Math.Min(batch, rows - start);
            var at = start;
            Run(() =>
            {
                var x = TensorIO.FromSpan(input.AsSpan(at * inWidth, count * inWidth), [count, inWidth], Device);
                TensorIO.CopyTo(map(x), output.AsSpan(at * outWidth, count * outWidth));
                return 0;
            });
        }

        return Enumerable.Range(0, rows).Select(i => output.AsSpan(i * outWidth, outWidth).ToArray()).ToArray();
    }

    /// <summary>A view with one feature column (named and shaped like the training data) holding <paramref name="rows"/>.</summary>
    private protected IDataView FeaturesView(float[][] rows)
        => new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, rows.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions)
            .Build();

    private protected override IBatchMapper CreateMapper() => new AutoencoderMapper(Module, TrainedOptions, Features, Device, null, State.AnomalyThreshold);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    private protected override ISavedState SaveState() => State;

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAI AE", LoaderSignature, typeof(AutoencoderTransformer));

    internal static AutoencoderTransformer Create(IHostEnvironment env, ModelParts<AutoencoderOptions, AutoencoderNetwork> parts, AutoencoderState state)
        => new(env, parts, state);

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static AutoencoderTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var parts = LoadParts<AutoencoderState>(ctx, VersionInfo(), "autoencoder", (o, i, _) => AutoencoderFamily.CreateNetwork(o, i), out var state, typeof(AutoencoderOptions));
        return new AutoencoderTransformer(env, parts, state);
    }
}
