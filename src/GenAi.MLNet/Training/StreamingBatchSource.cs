using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>Rows read from IDataView cursors every epoch, shuffled by ML.NET's seeded shuffle buffer.</summary>
internal sealed class StreamingBatchSource : BatchSource
{
    private readonly MLContext _mlContext;
    private readonly IDataView _data;
    private readonly Device _device;

    public StreamingBatchSource(MLContext mlContext, IDataView data, ModelInputs inputs, long rows, Device device)
        : base(inputs)
    {
        _mlContext = mlContext;
        _data = data;
        _device = device;
        Rows = rows;
    }

    public override long Rows { get; }

    public override IEnumerable<object> Plan(int batchSize, bool shuffle, torch.Generator generator, int epoch, int minRows = 1)
    {
        var view = shuffle
            ? _mlContext.Data.ShuffleRows(_data, seed: (int)(generator.initial_seed() % int.MaxValue) + epoch, shufflePoolSize: 10_000)
            : _data;
        using var cursor = view.GetRowCursor(Inputs.Columns.Select(c => view.Schema[c.Name]));
        var block = new RowBatch(Inputs.Columns, batchSize);
        var readers = Inputs.Columns.Select((c, i) => c.CreateReader(cursor, block.Columns[i])).ToArray();
        var count = 0;
        while (cursor.MoveNext())
        {
            try
            {
                foreach (var read in readers)
                {
                    read(count, cursor.Position);
                }
            }
            catch (InvalidOperationException) when (shuffle)
            {
                // The position of a shuffled row is not the row's own; find the first bad row in data order.
                LocateBadRow();
                throw;
            }

            if (++count == batchSize)
            {
                block.Rows = count;
                yield return block;
                block = new RowBatch(Inputs.Columns, batchSize);
                readers = Inputs.Columns.Select((c, i) => c.CreateReader(cursor, block.Columns[i])).ToArray();
                count = 0;
            }
        }

        if (count > 0 && count >= minRows)
        {
            block.Rows = count;
            yield return block;
        }
    }

    public override Batch Load(object slice) => Batch.FromRows((RowBatch)slice, _device);

    /// <summary>Reads the data in order until a row fails its checks, so the error names that row; returns if none does.</summary>
    private void LocateBadRow()
    {
        using var cursor = _data.GetRowCursor(Inputs.Columns.Select(c => _data.Schema[c.Name]));
        var block = new RowBatch(Inputs.Columns, 1);
        var readers = Inputs.Columns.Select((c, i) => c.CreateReader(cursor, block.Columns[i])).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var read in readers)
            {
                read(0, cursor.Position);
            }
        }
    }
}
