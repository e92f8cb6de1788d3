using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoregressive;

/// <summary>
/// The columns an autoregressive model appends: log p(x) of each row in nats and −log₂ p(x) per predicted value.
/// PixelCNN predicts every pixel; WaveNet every sample after a clip's first.
/// </summary>
internal sealed class LikelihoodMapper : IBatchMapper
{
    private readonly Func<Tensor, Tensor> _negativeLogLikelihood;   // rows (B, D) → nats (B)
    private readonly int _size;
    private readonly double _predicted;
    private readonly Device _device;

    public LikelihoodMapper(FeatureInput features, string logLikelihoodColumnName, string bitsColumnName, Func<Tensor, Tensor> negativeLogLikelihood, int predictedValues, Device device)
    {
        _negativeLogLikelihood = negativeLogLikelihood;
        _size = features.Shape.Size;
        _predicted = predictedValues;
        _device = device;
        Inputs = [features];
        Outputs = [OutputColumn.Float(logLikelihoodColumnName), OutputColumn.Float(bitsColumnName)];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var x = TensorIO.FromSpan(input.Floats(0).Rows(input.Rows), [input.Rows, _size], _device);    // (B, D)
        var nll = _negativeLogLikelihood(x);                                                          // (B)
        if (output.IsActive(0))
        {
            TensorIO.CopyTo(-nll, output.Floats(0));
        }

        if (output.IsActive(1))
        {
            TensorIO.CopyTo(nll.Over(_predicted * Math.Log(2)), output.Floats(1));
        }
    }
}
