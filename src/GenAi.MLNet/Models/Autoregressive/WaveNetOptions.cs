using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// Options of the WaveNet-style audio model (van den Oord et al. 2016) on a column of audio clips: each row a
/// known-size vector of samples in [−1, 1], μ-law encoded to <see cref="Levels"/> classes.
/// </summary>
public sealed class WaveNetOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with the model's training defaults (Adam, rate 1e-3, batch 16 clips, 20 epochs, gradient norm clipped to 1).</summary>
    public WaveNetOptions()
    {
        LearningRate = 1e-3;
        BatchSize = 16;
        Epochs = 20;
        GradientClipNorm = 1.0;
    }

    /// <summary>The input column: a known-size vector of Single, one audio clip per row, samples in [−1, 1]. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>μ-law classes per sample. Default 256 (8-bit μ-law, as WaveNet).</summary>
    public int Levels { get; set; } = 256;

    /// <summary>Channels of the residual stream R. Default 32.</summary>
    public int ResidualChannels { get; set; } = 32;

    /// <summary>Channels of the skip connections S. Default 64.</summary>
    public int SkipChannels { get; set; } = 64;

    /// <summary>The dilation of each layer. Default 1, 2, 4, …, 512: a receptive field of 1,024 samples (128 ms at 8 kHz).</summary>
    public int[] Dilations { get; set; } = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

    /// <summary>Output column: log p of each clip's samples after the first, nats (Single). Default <c>"LogLikelihood"</c>.</summary>
    public string LogLikelihoodColumnName { get; set; } = "LogLikelihood";

    /// <summary>Output column: −log₂ p per predicted sample (Single). Default <c>"BitsPerSample"</c>.</summary>
    public string BitsPerSampleColumnName { get; set; } = "BitsPerSample";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("FeatureColumnName must name a column.", nameof(FeatureColumnName));
        }

        if (Levels < 2 || Levels > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(Levels), Levels, "Levels must lie in [2, 65536].");
        }

        Positive(ResidualChannels, nameof(ResidualChannels));
        Positive(SkipChannels, nameof(SkipChannels));
        if (Dilations is null || Dilations.Length == 0 || Dilations.Any(d => d <= 0))
        {
            throw new ArgumentException("Dilations must list at least one positive dilation.", nameof(Dilations));
        }

        if (string.IsNullOrWhiteSpace(LogLikelihoodColumnName) || string.IsNullOrWhiteSpace(BitsPerSampleColumnName) || LogLikelihoodColumnName == BitsPerSampleColumnName)
        {
            throw new ArgumentException("LogLikelihoodColumnName and BitsPerSampleColumnName must name two different columns.", nameof(LogLikelihoodColumnName));
        }
    }
}
