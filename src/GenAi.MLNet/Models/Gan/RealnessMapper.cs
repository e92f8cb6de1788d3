using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Gan;

/// <summary>The realness column: the discriminator's probability that a row is real (cross-entropy losses) or its critic value.</summary>
internal sealed class RealnessMapper : IBatchMapper
{
    private readonly GanPair _pair;
    private readonly GanOptions _options;
    private readonly Device _device;
    private readonly int _size;

    public RealnessMapper(GanPair pair, GanOptions options, ModelInputs inputs, Device device)
    {
        _pair = pair;
        _options = options;
        _device = device;
        _size = inputs.Find<FeatureInput>()!.Shape.Size;
        Inputs = inputs.Columns.ToArray();
        Outputs = [OutputColumn.Float(options.ScoreColumnName)];
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
        var m = _pair.Spec.Pack;
        var x = TensorIO.FromSpan(input.Floats(0).Rows(rows), [rows, _size], _device);          // (B, D)
        var y = Inputs.Count > 1 ? TensorIO.FromIndices(input.Classes(1).Values.AsSpan(0, rows), _device) : null;  // (B)
        if (m > 1)
        {
            x = x.repeat_interleave(m, 0);       // each row judged as m copies of itself
            y = y?.repeat_interleave(m, 0);
        }

        var (logits, _) = _pair.Discriminator.Judge(x, y);
        var score = _options.Loss is GanLoss.Minimax or GanLoss.NonSaturating ? logits.sigmoid() : logits;
        TensorIO.CopyTo(score, output.Floats(0));
    }
}
