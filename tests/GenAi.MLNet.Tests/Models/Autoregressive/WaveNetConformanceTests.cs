using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Autoregressive;
using GenAi.MLNet.Tests.Conformance;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoregressive;

/// <summary>WaveNet on clips of 256 samples of two rendered MIDI pieces (4 kHz); a tiny network.</summary>
public sealed class WaveNetConformanceTests(ITestOutputHelper output) : EstimatorConformanceTests<WaveNetTransformer>(output)
{
    private static readonly Lazy<float[][]> s_clips = new(() => AudioClips.Cut(
        Directory.GetFiles(Path.Combine(DataDirectory.Find(), "music"), "*.mid").Order(StringComparer.Ordinal).Take(2).Select(p => MidiAudio.Render(p, 4000)), 256));

    protected override IDataView TrainingData() => AudioClips.ToDataView(s_clips.Value[..60]);

    protected override IDataView ScoringData() => AudioClips.ToDataView(s_clips.Value[60..80]);

    // Samples are in [−1, 1]: 255 is outside.
    protected override RowFactory Rows { get; } = new VectorRowFactory("Features", outOfRangeValue: 255);

    protected override string[] OutputColumns => ["LogLikelihood", "BitsPerSample"];

    protected override IEstimator<WaveNetTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null)
    {
        var o = new WaveNetOptions { Epochs = 2, BatchSize = 8, ResidualChannels = 8, SkipChannels = 8, Dilations = [1, 2, 4] };
        configure?.Invoke(o);
        return mlContext.Generative().WaveNet(o);
    }

    protected override void MakeDiverge(TorchTrainerOptions options)
    {
        options.LearningRate = 1e30;
        options.GradientClipNorm = null;
    }
}
