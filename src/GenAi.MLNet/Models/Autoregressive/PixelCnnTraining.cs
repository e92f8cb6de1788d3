using GenAi.MLNet.Core;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>PixelCNN's training: maximum likelihood, the mean over images of −log p(x) in nats.</summary>
internal static class PixelCnnTraining
{
    public static LikelihoodTraining Create(PixelCnnNetwork network, PixelCnnOptions options)
        => new(network, options, "nll", x => network.NegativeLogLikelihood(Levels(network, x)).mean());

    /// <summary>Rows (B, D) in [0, 1] → the nearest levels (B, C, H, W), int64.</summary>
    internal static Tensor Levels(PixelCnnNetwork network, Tensor x)
        => x.Times(network.Levels - 1).round().Clamp(0, network.Levels - 1).to(ScalarType.Int64)
            .view(x.shape[0], network.Channels, network.Height, network.Width);
}
