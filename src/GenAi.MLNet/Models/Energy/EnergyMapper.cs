using System.Collections.Generic;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Energy;

/// <summary>The column a fitted energy-based model appends: E(x) per row.</summary>
internal sealed class EnergyMapper : IBatchMapper
{
    private readonly EnergyNetwork _network;
    private readonly int _size;
    private readonly Device _device;

    public EnergyMapper(EnergyNetwork network, EnergyOptions options, FeatureInput features, Device device)
    {
        _network = network;
        _size = features.Shape.Size;
        _device = device;
        Inputs = [features];
        Outputs = [OutputColumn.Float(options.EnergyColumnName)];
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public void Map(RowBatch input, OutputBatch output)
    {
        var x = TensorIO.FromSpan(input.Floats(0).Rows(input.Rows), [input.Rows, _size], _device);   // (B, D)
        TensorIO.CopyTo(_network.call(x), output.Floats(0));                                         // (B)
    }
}
