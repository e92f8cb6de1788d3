using System.Collections.Generic;
using GenAi.MLNet.Core.Columns;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>
/// Computes a fitted model's output columns for a block of rows. A family implements only this; the
/// views and row mappers below handle cursors, batching, schemas and PredictionEngine.
/// </summary>
internal interface IBatchMapper
{
    /// <summary>The columns the model reads, in the order of <see cref="RowBatch.Columns"/>.</summary>
    IReadOnlyList<InputColumn> Inputs { get; }

    /// <summary>The appended columns, in schema order.</summary>
    IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>Fills the active outputs of <paramref name="output"/> for the <see cref="RowBatch.Rows"/> rows of <paramref name="input"/>.</summary>
    void Map(RowBatch input, OutputBatch output);
}
