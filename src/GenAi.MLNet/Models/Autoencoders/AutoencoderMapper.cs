using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// The columns a fitted autoencoder appends, computed per block of rows: latent code, reconstruction,
/// reconstruction error, anomaly score and flag, and for a VAE the negative ELBO and the KL term. Only the
/// columns asked for are computed.
/// </summary>
internal sealed class AutoencoderMapper : IBatchMapper
{
    private const int Latent = 0, Reconstruction = 1, Error = 2, Score = 3, Flag = 4, Elbo = 5, Kl = 6;
    private readonly AutoencoderNetwork _network;
    private readonly AutoencoderOptions _options;
    private readonly VectorShape _shape;
    private readonly Device _device;
    private readonly Tensor? _elboNoise;   // (K, L): shared Monte-Carlo draws for the negative ELBO
    private readonly double _threshold;

    public AutoencoderMapper(AutoencoderNetwork network, AutoencoderOptions options, FeatureInput features, Device device, Tensor? elboNoise, double threshold)
    {
        _network = network;
        _options = options;
        _shape = features.Shape;
        _device = device;
        _elboNoise = elboNoise;
        _threshold = threshold;
        Inputs = [features];
        var outputs = new List<OutputColumn>
        {
            OutputColumn.Vector(options.LatentColumnName, new VectorShape(options.LatentDimension, [options.LatentDimension])),
            OutputColumn.Vector(options.ReconstructionColumnName, features.Shape),
            OutputColumn.Float(options.ReconstructionErrorColumnName),
            OutputColumn.Float(options.ScoreColumnName),
            OutputColumn.Boolean(options.PredictedLabelColumnName),
        };
        if (options is VaeOptions v)
        {
            outputs.Add(OutputColumn.Float(v.NegativeElboColumnName));
            outputs.Add(OutputColumn.Float(v.KlColumnName));
        }

        Outputs = outputs;
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var rows = input.Rows;
        var active = output.Active;
        var scoreIsElbo = _options is VaeOptions { AnomalyScore: AnomalyScoreKind.NegativeElbo };
        var needScore = active[Score] || active[Flag];
        var needElbo = (active.Length > Elbo && active[Elbo]) || (needScore && scoreIsElbo);
        var needReconstruction = active[Reconstruction] || active[Error] || (needScore && !scoreIsElbo);
        var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _shape.Size], _device);   // (B, D)
        var (mu, logVar) = _network.Encode(x);                                                   // (B, L) each
        if (active[Latent])
        {
            TensorIO.CopyTo(mu, output.Floats(Latent));
        }

        Tensor? score = null;
        if (needReconstruction)
        {
            var decoded = _network.Decode(mu);                                                   // (B, D)
            if (active[Reconstruction])
            {
                TensorIO.CopyTo(_network.ToData(decoded), output.Floats(Reconstruction));
            }

            var nll = _network.ReconstructionNll(decoded, x);                                    // (B)
            if (active[Error])
            {
                TensorIO.CopyTo(nll, output.Floats(Error));
            }

            if (!scoreIsElbo)
            {
                score = nll;
            }
        }

        if (active.Length > Kl && active[Kl])
        {
            TensorIO.CopyTo(AutoencoderNetwork.KlDivergence(mu, logVar), output.Floats(Kl));
        }

        if (needElbo)
        {
            var negativeElbo = AutoencoderScoring.NegativeElbo(_network, x, mu, logVar, _elboNoise!);   // (B)
            if (active.Length > Elbo && active[Elbo])
            {
                TensorIO.CopyTo(negativeElbo, output.Floats(Elbo));
            }

            if (scoreIsElbo)
            {
                score = negativeElbo;
            }
        }

        if (needScore && score is not null)
        {
            var values = active[Score] ? output.Floats(Score) : new float[rows];
            TensorIO.CopyTo(score, values);
            if (active[Flag])
            {
                var flags = output.Booleans(Flag);
                for (var i = 0; i < rows; i++)
                {
                    flags[i] = values[i] > _threshold;
                }
            }
        }
    }
}
