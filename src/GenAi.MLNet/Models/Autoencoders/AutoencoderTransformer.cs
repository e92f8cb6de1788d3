using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Models.Autoencoders;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(AutoencoderTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet Autoencoder", AutoencoderTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(VaeTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet VAE", VaeTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// A fitted autoencoder. <see cref="Transform"/> appends, lazily and a batch at a time, the latent code,
/// the reconstruction, the per-row reconstruction error and an anomaly score; the methods encode, decode,
/// interpolate and impute missing values.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>known-size vector of Single, the size seen in training</description></item>
/// <item><term><c>LatentColumnName</c></term><description>vector of Single (L): the code (a VAE's posterior mean)</description></item>
/// <item><term><c>ReconstructionColumnName</c></term><description>vector of Single (D), same dimensions as the input</description></item>
/// <item><term><c>ReconstructionErrorColumnName</c></term><description>Single: -log p(x | decoder(code)), nats</description></item>
/// <item><term><c>ScoreColumnName</c></term><description>Single: anomaly score, higher is more unusual</description></item>
/// <item><term><c>NegativeElboColumnName</c> (VAE)</term><description>Single: -ELBO, nats</description></item>
/// <item><term><c>KlColumnName</c> (VAE)</term><description>Single: KL(q(z|x) || p(z)), nats</description></item>
/// </list>
/// </remarks>
public class AutoencoderTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "GenAiAutoencoder";
    private const uint FormatVersion = 0x00010001;

    private readonly object _gate = new();
    private IBatchMapper? _mapper;
    private bool _disposed;

    internal AutoencoderTransformer(IHostEnvironment env, AutoencoderOptions options, VectorShape inputShape, AutoencoderNetwork network,
        TrainingHistory history, int seed, float[] featureMeans)
    {
        ArgumentNullException.ThrowIfNull(env);
        TrainedOptions = options;
        InputShape = inputShape;
        Network = network;
        History = history;
        Seed = seed;
        FeatureMeans = featureMeans;
        Device = network.parameters().First().device;
        Network.eval();
    }

    /// <summary>The shape of the feature column the model was trained on.</summary>
    public VectorShape InputShape { get; }

    /// <summary>The latent dimension.</summary>
    public int LatentDimension => TrainedOptions.LatentDimension;

    /// <summary>Per-epoch losses of the training run.</summary>
    public TrainingHistory History { get; }

    /// <summary>The seed the model was trained with.</summary>
    public int Seed { get; }

    /// <summary>Per-feature means of the training data (the mean-fill baseline of <see cref="Impute"/>).</summary>
    public IReadOnlyList<float> FeatureMeans { get; }

    /// <summary>A copy of the options the model was trained with.</summary>
    public AutoencoderOptions Options => ModelStreams.Clone(TrainedOptions);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal AutoencoderOptions TrainedOptions { get; }

    /// <summary>
    /// The trained network, for inspection and teaching (e.g. computing mu and log sigma^2 of a batch).
    /// Use it under <c>torch.no_grad()</c> and do not train it further: the transformer's outputs would change.
    /// </summary>
    public AutoencoderNetwork Network { get; }

    internal Device Device { get; }

    private IBatchMapper Mapper
    {
        get
        {
            lock (_gate)
            {
                return _mapper ??= CreateMapper();
            }
        }
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, Mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, Mapper);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, Mapper);

    /// <summary>The latent codes (a VAE's posterior means) of every row, <c>rows x L</c>.</summary>
    public float[][] Encode(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var features = ReadFeatures(data, out var rows);
        return RunBatches(features, rows, InputShape.Size, LatentDimension, (x, _) => Network.Encode(x).Mu);
    }

    /// <summary>Decodes latent codes into data space (Bernoulli: probabilities; Gaussian: means), <c>rows x D</c>.</summary>
    public float[][] Decode(float[][] latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.Any(z => z.Length != LatentDimension))
        {
            throw new ArgumentException($"Every latent code must have {LatentDimension} values.", nameof(latents));
        }

        var flat = latents.SelectMany(z => z).ToArray();
        return RunBatches(flat, latents.Length, LatentDimension, InputShape.Size, (z, _) => Network.ToData(Network.Decode(z)));
    }

    /// <summary>
    /// Decodes the codes in <paramref name="latentColumnName"/> into a new view with one column named
    /// like the training feature column, with the training data's dimensions.
    /// </summary>
    public IDataView Decode(IDataView latents, string latentColumnName)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ColumnReader.CheckVectorColumn(latents.Schema, latentColumnName, LatentDimension);
        var flat = ColumnReader.ReadVectors(latents, latentColumnName, LatentDimension, out var rows);
        var decoded = Decode(Enumerable.Range(0, rows).Select(i => flat.AsSpan(i * LatentDimension, LatentDimension).ToArray()).ToArray());
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
        return BatchMapping.Transform(data, new ImputationMapper(this, outputColumnName, iterations));
    }

    /// <summary>Saves this transformer alone (most users save the whole pipeline with <c>mlContext.Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel();
        ctx.SetVersionInfo(VersionInfoFor(SignatureOf(this)));
        ctx.Writer.Write(FormatVersion);
        ModelStreams.SaveJson(ctx, "Options.json", TrainedOptions, TrainedOptions.GetType());
        ModelStreams.SaveJson(ctx, "Model.json", new SavedModel(InputShape.Dimensions, Seed, FeatureMeans.ToArray()));
        ModelStreams.SaveJson(ctx, "History.json", History);
        lock (_gate)
        {
            ModelStreams.SaveModule(ctx, "TSModel", Network);
        }
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the network.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            Network.Dispose();
        }

        _disposed = true;
    }

    /// <summary>Runs <paramref name="map"/> over row-major <paramref name="input"/> in batches, without gradients.</summary>
    internal float[][] RunBatches(float[] input, int rows, int inWidth, int outWidth, Func<Tensor, int, Tensor> map)
    {
        var output = new float[rows * outWidth];
        const int batch = BatchMapping.DefaultBatchSize;
        lock (_gate)
        {
            using var noGrad = no_grad();
            for (var start = 0; start < rows; start += batch)
            {
                using var scope = NewDisposeScope();
                var count = Math.Min(batch, rows - start);
                var x = TensorIO.FromSpan(input.AsSpan(start * inWidth, count * inWidth), [count, inWidth], Device);
                TensorIO.CopyTo(map(x, start), output.AsSpan(start * outWidth, count * outWidth));
            }
        }

        return Enumerable.Range(0, rows).Select(i => output.AsSpan(i * outWidth, outWidth).ToArray()).ToArray();
    }

    /// <summary>A view with one feature column (named and shaped like the training data) holding <paramref name="rows"/>.</summary>
    internal IDataView FeaturesView(float[][] rows)
        => new InMemoryDataView.Builder()
            .AddVector(TrainedOptions.FeatureColumnName, rows.SelectMany(r => r).ToArray(), InputShape.Size, InputShape.Dimensions)
            .Build();

    private float[] ReadFeatures(IDataView data, out int rows)
    {
        ColumnReader.CheckVectorColumn(data.Schema, TrainedOptions.FeatureColumnName, InputShape.Size);
        return ColumnReader.ReadVectors(data, TrainedOptions.FeatureColumnName, InputShape.Size, out rows);
    }

    private protected virtual IBatchMapper CreateMapper() => new AutoencoderMapper(this, null);

    private static string SignatureOf(AutoencoderTransformer t) => t is VaeTransformer ? VaeTransformer.LoaderSignature : LoaderSignature;

    private protected static VersionInfo VersionInfoFor(string loaderSignature) => new(
        modelSignature: loaderSignature == LoaderSignature ? "GENAI AE" : "GENAIVAE",
        verWrittenCur: FormatVersion,
        verReadableCur: FormatVersion,
        verWeCanReadBack: FormatVersion,
        loaderSignature: loaderSignature,
        loaderAssemblyName: typeof(AutoencoderTransformer).Assembly.FullName);

    /// <summary>Rebuilds a saved transformer: options, shape and weights (on the CPU).</summary>
    private protected static (AutoencoderOptions Options, SavedModel Model, TrainingHistory History, AutoencoderNetwork Network) LoadParts(
        IHostEnvironment env, ModelLoadContext ctx, string signature, Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(VersionInfoFor(signature));
        var version = ctx.Reader.ReadUInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported {signature} model format 0x{version:X8}.");
        }

        var options = (AutoencoderOptions)ModelStreams.LoadJson(ctx, "Options.json", optionsType, signature);
        var model = ModelStreams.LoadJson<SavedModel>(ctx, "Model.json", signature);
        var history = ModelStreams.LoadJson<TrainingHistory>(ctx, "History.json", signature);
        var shape = new VectorShape(model.Dimensions.Aggregate(1, (a, b) => a * b), model.Dimensions);
        options.Device = "cpu";
        var network = TorchRandom.Build(model.Seed, () => new AutoencoderNetwork(AutoencoderEstimator.Spec(options, shape)));
        ModelStreams.LoadModule(ctx, "TSModel", network, signature);
        return (options, model, history, network);
    }

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static AutoencoderTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var (options, model, history, network) = LoadParts(env, ctx, LoaderSignature, typeof(AutoencoderOptions));
        var shape = new VectorShape(model.Dimensions.Aggregate(1, (a, b) => a * b), model.Dimensions);
        return new AutoencoderTransformer(env, options, shape, network, history, model.Seed, model.FeatureMeans);
    }

    internal sealed record SavedModel(int[] Dimensions, int Seed, float[] FeatureMeans);

    /// <summary>Computes the output columns for a batch of rows.</summary>
    private protected sealed class AutoencoderMapper : IBatchMapper
    {
        private readonly AutoencoderTransformer _owner;
        private readonly Tensor? _elboNoise;   // (K, L): shared Monte-Carlo draws for the negative ELBO

        public AutoencoderMapper(AutoencoderTransformer owner, Tensor? elboNoise)
        {
            _owner = owner;
            _elboNoise = elboNoise;
            var o = owner.TrainedOptions;
            var outputs = new List<OutputColumn>
            {
                OutputColumn.VectorColumn(o.LatentColumnName, new VectorShape(o.LatentDimension, [o.LatentDimension])),
                OutputColumn.VectorColumn(o.ReconstructionColumnName, owner.InputShape),
                OutputColumn.ScalarColumn(o.ReconstructionErrorColumnName),
                OutputColumn.ScalarColumn(o.ScoreColumnName),
            };
            if (o is VaeOptions v)
            {
                outputs.Add(OutputColumn.ScalarColumn(v.NegativeElboColumnName));
                outputs.Add(OutputColumn.ScalarColumn(v.KlColumnName));
            }

            Outputs = outputs;
        }

        public string InputColumnName => _owner.TrainedOptions.FeatureColumnName;

        public int InputSize => _owner.InputShape.Size;

        public bool AllowsMissing => false;

        public string? LabelColumnName => null;

        public IReadOnlyList<OutputColumn> Outputs { get; }

        public void Map(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int rows, float[][] outputs, bool[] active)
        {
            const int latent = 0, reconstruction = 1, error = 2, score = 3, elbo = 4, kl = 5;
            var network = _owner.Network;
            var scoreIsElbo = _owner.TrainedOptions is VaeOptions { AnomalyScore: AnomalyScoreKind.NegativeElbo };
            var needElbo = (active.Length > elbo && active[elbo]) || (active[score] && scoreIsElbo);
            var needReconstruction = active[reconstruction] || active[error] || (active[score] && !scoreIsElbo);
            lock (_owner._gate)
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                var x = TensorIO.FromSpan(input, [rows, InputSize], _owner.Device); // (B, D)
                var (mu, logVar) = network.Encode(x);                               // (B, L) each
                if (active[latent])
                {
                    TensorIO.CopyTo(mu, outputs[latent]);
                }

                if (needReconstruction)
                {
                    var output = network.Decode(mu);                                // (B, D)
                    if (active[reconstruction])
                    {
                        TensorIO.CopyTo(network.ToData(output), outputs[reconstruction]);
                    }

                    var nll = network.ReconstructionNll(output, x);                 // (B)
                    if (active[error])
                    {
                        TensorIO.CopyTo(nll, outputs[error]);
                    }

                    if (active[score] && !scoreIsElbo)
                    {
                        TensorIO.CopyTo(nll, outputs[score]);
                    }
                }

                if (active.Length > kl && active[kl])
                {
                    TensorIO.CopyTo(AutoencoderNetwork.KlDivergence(mu, logVar), outputs[kl]);
                }

                if (needElbo)
                {
                    var negativeElbo = NegativeElbo(network, x, mu, logVar, _elboNoise!); // (B)
                    if (active.Length > elbo && active[elbo])
                    {
                        TensorIO.CopyTo(negativeElbo, outputs[elbo]);
                    }

                    if (active[score] && scoreIsElbo)
                    {
                        TensorIO.CopyTo(negativeElbo, outputs[score]);
                    }
                }
            }
        }

        /// <summary>
        /// -ELBO(x) = E_q[-log p(x|z)] + KL(q(z|x) || p(z)), the expectation estimated with the K fixed
        /// noise draws: z_k = mu + sigma * eps_k.
        /// </summary>
        internal static Tensor NegativeElbo(AutoencoderNetwork network, Tensor x, Tensor mu, Tensor logVar, Tensor noise)
        {
            var (b, k) = (mu.shape[0], noise.shape[0]);
            var std = (0.5 * logVar).exp();                                       // (B, L)
            var z = mu.unsqueeze(0) + (std.unsqueeze(0) * noise.unsqueeze(1));    // (K, B, L)
            var output = network.Decode(z.reshape(k * b, -1));                   // (K*B, D)
            var xs = x.unsqueeze(0).expand(k, -1, -1).reshape(k * b, -1);         // (K*B, D)
            var nll = network.ReconstructionNll(output, xs).view(k, b).mean([0]); // (B)
            return nll + AutoencoderNetwork.KlDivergence(mu, logVar);
        }
    }

    /// <summary>Appends the imputed features: missing (NaN) entries filled by iterative reconstruction.</summary>
    private sealed class ImputationMapper : IBatchMapper
    {
        private readonly AutoencoderTransformer _owner;
        private readonly int _iterations;
        private readonly float[] _means;

        public ImputationMapper(AutoencoderTransformer owner, string outputColumnName, int iterations)
        {
            _owner = owner;
            _iterations = iterations;
            _means = owner.FeatureMeans.ToArray();
            Outputs = [OutputColumn.VectorColumn(outputColumnName, owner.InputShape)];
        }

        public string InputColumnName => _owner.TrainedOptions.FeatureColumnName;

        public int InputSize => _owner.InputShape.Size;

        public bool AllowsMissing => true;

        public string? LabelColumnName => null;

        public IReadOnlyList<OutputColumn> Outputs { get; }

        public void Map(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int rows, float[][] outputs, bool[] active)
        {
            if (!active[0])
            {
                return;
            }

            var network = _owner.Network;
            lock (_owner._gate)
            {
                using var scope = NewDisposeScope();
                var x = TensorIO.FromSpan(input, [rows, InputSize], _owner.Device);       // (B, D), NaN = missing
                var missing = x.isnan();                                                  // (B, D) bool
                var observed = missing.logical_not().to(ScalarType.Float32);              // (B, D) 1 = observed
                var means = TensorIO.FromSpan(_means, [1, InputSize], _owner.Device);     // (1, D)
                var filled = where(missing, means.expand(rows, -1), x);                   // (B, D), no NaN left
                Tensor start;
                using (no_grad())
                {
                    start = network.Encode(filled).Mu;                                    // (B, L)
                }

                var z = new TorchSharp.Modules.Parameter(start.clone());
                using var optimizer = new Adam([z], learningRate: 0.05);
                for (var i = 0; i < _iterations; i++)
                {
                    using var step = NewDisposeScope();
                    optimizer.ZeroGrad();
                    var nll = (network.ElementwiseNll(network.Decode(z), filled) * observed).sum(); // observed values only
                    var prior = 0.5 * z.square().sum();                                           // -log N(z; 0, I) + const
                    (nll + prior).backward();
                    optimizer.Step();
                }

                network.zero_grad();
                using (no_grad())
                {
                    TensorIO.CopyTo(where(missing, network.ToData(network.Decode(z)), x), outputs[0]);
                }
            }
        }
    }
}

/// <summary>
/// A fitted variational autoencoder: everything <see cref="AutoencoderTransformer"/> does, plus the
/// per-row negative ELBO column and sampling from the prior.
/// </summary>
/// <remarks>
/// Extra column: <c>NegativeElboColumnName</c> (Single), -ELBO in nats, estimated with
/// <see cref="VaeOptions.ElboSamples"/> noise draws that are the same for every row.
/// </remarks>
public sealed class VaeTransformer : AutoencoderTransformer
{
    internal new const string LoaderSignature = "GenAiVae";
    private Tensor? _elboNoise;

    internal VaeTransformer(IHostEnvironment env, VaeOptions options, VectorShape inputShape, AutoencoderNetwork network,
        TrainingHistory history, int seed, float[] featureMeans)
        : base(env, options, inputShape, network, history, seed, featureMeans)
    {
    }

    /// <summary>
    /// Draws <paramref name="count"/> samples: z ~ N(0, I), decoded into data space (Bernoulli: the pixel
    /// probabilities; Gaussian: the means). Returns a view with one column named and shaped like the
    /// training features.
    /// </summary>
    /// <param name="count">Number of samples.</param>
    /// <param name="seed">Seed for z; default: derived from the model's seed, so repeated calls agree.</param>
    /// <param name="temperature">Scale of the prior, z ~ N(0, t^2 I); 1 samples the model's prior.</param>
    public IDataView Sample(int count, int? seed = null, double temperature = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        var z = new float[count * LatentDimension];
        using (var noise = randn([count, LatentDimension], generator: generator) * temperature)
        {
            TensorIO.CopyTo(noise, z);
        }

        return FeaturesView(Decode(Enumerable.Range(0, count).Select(i => z.AsSpan(i * LatentDimension, LatentDimension).ToArray()).ToArray()));
    }

    private protected override IBatchMapper CreateMapper()
    {
        var options = (VaeOptions)TrainedOptions;
        using var generator = TorchRandom.Generator(Seed + 2);
        _elboNoise = randn([options.ElboSamples, options.LatentDimension], generator: generator).to(Device).DetachFromDisposeScope();
        return new AutoencoderMapper(this, _elboNoise);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _elboNoise?.Dispose();
        }

        base.Dispose(disposing);
    }

#pragma warning disable IDE0051 // Used by reflection.
    private static VaeTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        var (options, model, history, network) = LoadParts(env, ctx, LoaderSignature, typeof(VaeOptions));
        var shape = new VectorShape(model.Dimensions.Aggregate(1, (a, b) => a * b), model.Dimensions);
        return new VaeTransformer(env, (VaeOptions)options, shape, network, history, model.Seed, model.FeatureMeans);
    }
}
