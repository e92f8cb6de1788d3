using System;
using GenAi.MLNet.Core;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenAi.MLNet.Layers;

/// <summary>
/// Batch normalisation over <c>(B, C)</c>/<c>(B, C, L)</c> (one dimension) or <c>(B, C, H, W)</c> (two), as TorchSharp's
/// <c>BatchNorm1d</c>/<c>BatchNorm2d</c> with the same parameters and buffers (so the same state names), except that
/// counting the batches holds its scalars: TorchSharp's forward calls <c>num_batches_tracked.add_(1)</c>, whose implicit
/// scalars a collection on another thread can free while libtorch reads them (see <c>Core/TorchScalars</c>).
/// </summary>
internal sealed class HeldBatchNorm : BatchNorm
{
    private readonly int _dimensions;

    /// <summary>Creates the layer for <paramref name="features"/> channels over 1 or 2 spatial <paramref name="dimensions"/>.</summary>
    public HeldBatchNorm(long features, int dimensions)
        : base(features, 1e-5, 0.1, affine: true, track_running_stats: true, device: null, dtype: null, dimensions == 1 ? "BatchNorm1d" : "BatchNorm2d")
    {
        if (dimensions is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "Batch normalisation over 1 or 2 dimensions.");
        }

        _dimensions = dimensions;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var averagingFactor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } tracked)
        {
            tracked.add_(TorchScalars.One, TorchScalars.One);
            averagingFactor = momentum ?? (1.0 / tracked.item<long>());
        }

        var useRunningStatistics = !training || track_running_stats;
        return F.batch_norm(input, useRunningStatistics ? running_mean : null, useRunningStatistics ? running_var : null, weight, bias,
            training || (running_mean is null && running_var is null), averagingFactor, eps);
    }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_dimensions == 1 ? input.ndim is not (2 or 3) : input.ndim != 4)
        {
            throw new ArgumentException($"expected {(_dimensions == 1 ? "2D or 3D" : "4D")} input, but got {input.ndim}D input.", nameof(input));
        }
    }
}
