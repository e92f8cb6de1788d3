using System;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models;
using GenAi.MLNet.Models.Autoregressive;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(WaveNetTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet WaveNet", WaveNetTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// A fitted WaveNet. <see cref="GenerativeTransformer{TOptions, TNetwork}.Transform"/> appends each clip's
/// log-likelihood and bits per sample; <see cref="Generate"/> writes new audio one sample at a time.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Column</term><description>Type and meaning</description></listheader>
/// <item><term>Input: <c>FeatureColumnName</c></term><description>vector of Single, the training's clip length, samples in [−1, 1]</description></item>
/// <item><term><c>LogLikelihoodColumnName</c> ("LogLikelihood")</term><description>Single: log p of the clip's μ-law classes after the first, nats</description></item>
/// <item><term><c>BitsPerSampleColumnName</c> ("BitsPerSample")</term><description>Single: −log₂ p per predicted sample (8 for a uniform guess over 256 classes)</description></item>
/// </list>
/// </remarks>
public sealed class WaveNetTransformer : GenerativeTransformer<WaveNetOptions, WaveNetNetwork>
{
    internal const string LoaderSignature = "GenAiWaveNet";
    private readonly FeatureInput _features;

    internal WaveNetTransformer(IHostEnvironment env, ModelParts<WaveNetOptions, WaveNetNetwork> parts)
        : base(env, parts)
    {
        _features = parts.Inputs.Find<FeatureInput>()!;
    }

    /// <summary>The clip length the model was trained on.</summary>
    public VectorShape InputShape => _features.Shape;

    /// <summary>The trained network, for inspection and teaching. Do not train it further.</summary>
    public WaveNetNetwork Network => Module;

    /// <summary>
    /// Generates <paramref name="count"/> clips of <paramref name="length"/> samples, each sample drawn from the
    /// model given the ones before (one network pass per sample), starting from silence. Samples in [−1, 1],
    /// rows of one array each; write one with <see cref="WaveFile.Write"/>.
    /// </summary>
    /// <param name="count">Clips.</param>
    /// <param name="length">Samples per clip.</param>
    /// <param name="temperature">Divides the logits: 1 samples the model, below 1 is more conservative.</param>
    /// <param name="seed">Seed; default derived from the model's seed, so repeated calls agree.</param>
    public float[][] Generate(int count, int length, double temperature = 1.0, int? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite.");
        }

        using var generator = TorchRandom.Generator(seed ?? (Seed + 1));
        var classes = Run(() =>
        {
            var silence = MuLaw.Encode([0f], Module.Levels)[0];
            using var silent = ((long)silence).ToScalar();
            var start = full([count, 1], silent, dtype: ScalarType.Int64, device: Device);          // (N, 1)
            var sequence = Module.Generate(start, length, temperature, generator);                   // (N, 1 + length)
            return sequence.narrow(1, 1, length).to(ScalarType.Int32).data<int>().ToArray();
        });

        var clips = new float[count][];
        for (var i = 0; i < count; i++)
        {
            clips[i] = MuLaw.Decode(classes.AsSpan(i * length, length), Module.Levels);
        }

        return clips;
    }

    private protected override IBatchMapper CreateMapper()
        => new LikelihoodMapper(_features, TrainedOptions.LogLikelihoodColumnName, TrainedOptions.BitsPerSampleColumnName, x => Module.NegativeLogLikelihood(WaveNetTraining.Classes(Module, x)), InputShape.Size - 1, Device);

    private protected override VersionInfo GetVersionInfo() => VersionInfo();

    internal static VersionInfo VersionInfo() => VersionInfoFor("GENAIWVN", LoaderSignature, typeof(WaveNetTransformer));

    // Called by ML.NET's loader through [LoadableClass].
#pragma warning disable IDE0051 // Used by reflection.
    private static WaveNetTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
        => new(env, LoadParts<NoState>(ctx, VersionInfo(), "WaveNet", (o, _, _) => WaveNetEstimator.Network(o), out _));
}
