using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>The columns a fitted RBM appends for a block of rows: P(h | v), the mean-field reconstruction, F(v) and the pseudo-log-likelihood. Only the columns asked for are computed.</summary>
internal sealed class RbmMapper : IBatchMapper
{
    private const int Hidden = 0, Reconstruction = 1, FreeEnergy = 2, Pseudo = 3;
    private readonly RbmNetwork _network;
    private readonly int _visible;
    private readonly Device _device;
    private readonly bool _clip;

    public RbmMapper(RbmNetwork network, RbmOptions options, FeatureInput features, Device device)
    {
        _network = network;
        _visible = features.Shape.Size;
        _device = device;
        _clip = options.ClipInputs;
        Inputs = [features];
        Outputs =
        [
            OutputColumn.Vector(options.HiddenColumnName, new VectorShape(options.HiddenUnits, [options.HiddenUnits])),
            OutputColumn.Vector(options.ReconstructionColumnName, features.Shape),
            OutputColumn.Float(options.FreeEnergyColumnName),
            OutputColumn.Float(options.PseudoLogLikelihoodColumnName),
        ];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var rows = input.Rows;
        var active = output.Active;
        var v = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _visible], _device);   // (B, V)
        if (_clip)
        {
            v = v.clamp(0, 1);
        }
        if (active[Hidden] || active[Reconstruction])
        {
            var h = _network.call(v);                                                      // (B, H)
            if (active[Hidden])
            {
                TensorIO.CopyTo(h, output.Floats(Hidden));
            }

            if (active[Reconstruction])
            {
                TensorIO.CopyTo(_network.VisibleProbabilities(h), output.Floats(Reconstruction));   // (B, V)
            }
        }

        if (active[FreeEnergy])
        {
            TensorIO.CopyTo(_network.FreeEnergy(v), output.Floats(FreeEnergy));          // (B)
        }

        if (active[Pseudo])
        {
            var binary = v.ge(0.5f).to(ScalarType.Float32);                               // (B, V): the pseudo-likelihood is defined on binary rows
            TensorIO.CopyTo(_network.PseudoLogLikelihood(binary), output.Floats(Pseudo)); // (B)
        }
    }
}
