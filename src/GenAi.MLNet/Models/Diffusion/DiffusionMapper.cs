using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Diffusion;

/// <summary>The column a fitted diffusion model appends: the denoising error over fixed (step, noise) draws, unconditional.</summary>
internal sealed class DiffusionMapper : IBatchMapper
{
    private readonly DiffusionNetwork _network;
    private readonly int _size;
    private readonly Tensor _steps;   // (K)
    private readonly Tensor _noise;   // (K, D)
    private readonly Device _device;

    public DiffusionMapper(DiffusionNetwork network, DiffusionOptions options, FeatureInput features, Tensor steps, Tensor noise, Device device)
    {
        _network = network;
        _size = features.Shape.Size;
        _steps = steps;
        _noise = noise;
        _device = device;
        Inputs = [features];
        Outputs = [OutputColumn.Float(options.DenoisingErrorColumnName)];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var rows = input.Rows;
        var k = _steps.shape[0];
        var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _size], _device);            // (B, D)
        var xs = x.unsqueeze(0).expand(k, rows, _size).reshape(k * rows, _size);                  // (K·B, D)
        var t = _steps.unsqueeze(1).expand(k, rows).reshape(k * rows);                            // (K·B)
        var noise = _noise.unsqueeze(1).expand(k, rows, _size).reshape(k * rows, _size);          // (K·B, D)
        var none = TorchScalars.Filled(k * rows, _network.Classes, _device);    // unconditional
        var error = _network.Loss(xs, t, noise, none).reshape(k, rows).mean([0]);                 // (B)
        TensorIO.CopyTo(error, output.Floats(0));
    }
}
