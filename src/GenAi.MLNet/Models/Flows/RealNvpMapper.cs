using System;
using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Flows;

/// <summary>The columns a fitted flow appends for a block of rows: the log-likelihood, the latent image z = f(x) and the anomaly score. Only the columns asked for are computed.</summary>
internal sealed class RealNvpMapper : IBatchMapper
{
    private const int LogLikelihood = 0, Latent = 1, Score = 2;
    private readonly RealNvpNetwork _network;
    private readonly int _size;
    private readonly int? _levels;
    private readonly Tensor? _noise;   // (K, D): the dequantisation draws, shared by every row
    private readonly Device _device;

    public RealNvpMapper(RealNvpNetwork network, RealNvpOptions options, FeatureInput features, Tensor? noise, Device device)
    {
        _network = network;
        _size = features.Shape.Size;
        _levels = options.DequantizationLevels;
        _noise = noise;
        _device = device;
        Inputs = [features];
        Outputs =
        [
            OutputColumn.Float(options.LogLikelihoodColumnName),
            OutputColumn.Vector(options.LatentColumnName, features.Shape),
            OutputColumn.Float(options.ScoreColumnName),
        ];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var rows = input.Rows;
        var active = output.Active;
        var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _size], _device);          // (B, D)
        if (active[Latent])
        {
            var centre = _levels is { } levels ? RealNvpTraining.Dequantize(x, 0.5f, levels) : _noise is null ? x : _network.Marginals.Dequantize(x, 0.5f);
            TensorIO.CopyTo(_network.call(centre).Z, output.Floats(Latent));                     // (B, D)
        }

        if (active[LogLikelihood] || active[Score])
        {
            var logLikelihood = Compute(x);                                                      // (B)
            var values = active[LogLikelihood] ? output.Floats(LogLikelihood) : new float[rows];
            TensorIO.CopyTo(logLikelihood, values);
            if (active[Score])
            {
                var scores = output.Floats(Score);
                for (var i = 0; i < rows; i++)
                {
                    scores[i] = -values[i];
                }
            }
        }
    }

    /// <summary>log p(x) (B); with dequantisation the mean over the K shared draws u of log p((k + u) / L) − D log L (of log p(k + u) for a table's whole numbers).</summary>
    private Tensor Compute(Tensor x)
    {
        if (_noise is null)
        {
            return _network.LogLikelihood(x);
        }

        var k = _noise.shape[0];
        var rows = x.shape[0];
        var noisy = (_levels is { } levels
            ? RealNvpTraining.Dequantize(x.unsqueeze(0), _noise.unsqueeze(1), levels)
            : _network.Marginals.Dequantize(x.unsqueeze(0), _noise.unsqueeze(1))).reshape(k * rows, _size);              // (K·B, D)
        var logLikelihood = _network.LogLikelihood(noisy).reshape(k, rows).mean([0]);                                    // (B)
        return _levels is { } l ? logLikelihood.Minus(_size * Math.Log(l)) : logLikelihood;                                 // whole numbers: cells of width 1
    }
}
