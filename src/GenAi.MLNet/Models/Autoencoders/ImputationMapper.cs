using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Training.Optimizers;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>
/// MAP imputation of missing (NaN) values: the code z starts at the encoding of the row with missing
/// entries set to the training mean, then Adam steps maximise log p(x_observed | z) + log p(z); the
/// missing entries are read from the decoder at that z and the observed ones are kept.
/// </summary>
internal sealed class ImputationMapper : IBatchMapper, INeedsGradients
{
    private readonly AutoencoderNetwork _network;
    private readonly int _iterations;
    private readonly float[] _means;
    private readonly int _size;
    private readonly Device _device;

    public ImputationMapper(AutoencoderNetwork network, FeatureInput features, float[] means, string outputColumnName, int iterations, Device device)
    {
        _network = network;
        _iterations = iterations;
        _means = means;
        _size = features.Shape.Size;
        _device = device;
        Inputs = [features.WithMissingAllowed()];
        Outputs = [OutputColumn.Vector(outputColumnName, features.Shape)];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        if (!output.IsActive(0))
        {
            return;
        }

        var rows = input.Rows;
        var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _size], _device);   // (B, D), NaN = missing
        var missing = x.isnan();                                                          // (B, D) bool
        var observed = missing.logical_not().to(ScalarType.Float32);                      // (B, D) 1 = observed
        var means = TensorIO.FromSpan(_means, [1, _size], _device);                       // (1, D)
        var filled = where(missing, means.expand(rows, -1), x);                           // (B, D), no NaN left
        Tensor start;
        using (no_grad())
        {
            start = _network.Encode(filled).Mu;                                           // (B, L)
        }

        var z = new TorchSharp.Modules.Parameter(start.clone());
        using var optimizer = new Adam([z], learningRate: 0.05);
        for (var i = 0; i < _iterations; i++)
        {
            using var step = NewDisposeScope();
            optimizer.ZeroGrad();
            var nll = (_network.ElementwiseNll(_network.Decode(z), filled) * observed).sum(); // observed values only
            var prior = z.Squared().sum().Times(0.5);                                         // -log N(z; 0, I) + const
            nll.Plus(prior).backward();
            optimizer.Step();
        }

        _network.zero_grad();
        using (no_grad())
        {
            TensorIO.CopyTo(where(missing, _network.ToData(_network.Decode(z)), x), output.Floats(0));
        }
    }
}
