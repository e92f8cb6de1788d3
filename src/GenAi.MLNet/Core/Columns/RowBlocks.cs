using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Reads whole columns of a view into a <see cref="RowBatch"/>, every row checked by its <see cref="InputColumn"/>.</summary>
internal static class RowBlocks
{
    /// <summary>Every row of <paramref name="columns"/> in <paramref name="data"/>, in order.</summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type.</exception>
    /// <exception cref="InvalidOperationException">A row fails its column's checks (the message names the column and row).</exception>
    public static RowBatch ReadAll(IDataView data, IReadOnlyList<InputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            column.Check(data.Schema);
        }

        var rows = data.GetRowCount() ?? Count(data, columns[0].Name);
        if (rows > int.MaxValue)
        {
            throw new InvalidOperationException($"The data has {rows} rows; read it in parts.");
        }

        return Read(data, columns, (int)rows);
    }

    /// <summary>The first <paramref name="rows"/> rows (fewer if the view has fewer) of <paramref name="columns"/>, unchecked schema.</summary>
    public static RowBatch Read(IDataView data, IReadOnlyList<InputColumn> columns, int rows)
    {
        var block = new RowBatch(columns, rows);
        using var cursor = data.GetRowCursor(columns.Select(c => data.Schema[c.Name]));
        var readers = columns.Select((c, i) => c.CreateReader(cursor, block.Columns[i])).ToArray();
        var count = 0;
        while (count < rows && cursor.MoveNext())
        {
            foreach (var read in readers)
            {
                read(count, cursor.Position);
            }

            count++;
        }

        block.Rows = count;
        return block;
    }

    /// <summary>Counts the rows of a view that does not know its row count, with a cursor over one column.</summary>
    public static long Count(IDataView data, string column)
    {
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        long n = 0;
        while (cursor.MoveNext())
        {
            n++;
        }

        return n;
    }
}
