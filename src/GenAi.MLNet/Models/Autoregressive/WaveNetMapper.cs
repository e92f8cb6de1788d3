using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>The columns a fitted WaveNet appends: log p of each clip (nats) and bits per predicted sample.</summary>
internal sealed class WaveNetMapper : IBatchMapper
{
    private readonly WaveNetNetwork _network;
    private readonly int _size;
    private readonly Device _device;

    public WaveNetMapper(WaveNetNetwork network, WaveNetOptions options, FeatureInput features, Device device)
    {
        _network = network;
        _size = features.Shape.Size;
        _device = device;
        Inputs = [features];
        Outputs = [OutputColumn.Float(options.LogLikelihoodColumnName), OutputColumn.Float(options.BitsPerSampleColumnName)];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var x = TensorIO.FromSpan(input.Floats(0).Rows(input.Rows), [input.Rows, _size], _device);    // (B, T)
        var nll = _network.NegativeLogLikelihood(WaveNetTraining.Classes(_network, x));               // (B)
        if (output.IsActive(0))
        {
            TensorIO.CopyTo(-nll, output.Floats(0));
        }

        if (output.IsActive(1))
        {
            TensorIO.CopyTo(nll / ((_size - 1) * Math.Log(2)), output.Floats(1));
        }
    }
}
