using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// A block of input rows: one typed buffer per input column, in the order the model declared its inputs.
/// </summary>
internal sealed class RowBatch
{
    public RowBatch(IReadOnlyList<InputColumn> inputs, int capacity)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs;
        Columns = inputs.Select(c => c.CreateBuffer(capacity)).ToArray();
        Capacity = capacity;
    }

    public IReadOnlyList<InputColumn> Inputs { get; }

    public ColumnBuffer[] Columns { get; }

    public int Capacity { get; }

    /// <summary>Rows filled.</summary>
    public int Rows { get; set; }

    public FloatBuffer Floats(int column) => (FloatBuffer)Columns[column];

    public ClassBuffer Classes(int column) => (ClassBuffer)Columns[column];

    public TextBuffer Texts(int column) => (TextBuffer)Columns[column];

    public TokenBuffer Tokens(int column) => (TokenBuffer)Columns[column];

    /// <summary>True when row <paramref name="row"/> equals row <paramref name="otherRow"/> of <paramref name="other"/> in every column.</summary>
    public bool RowEquals(int row, RowBatch other, int otherRow)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var c = 0; c < Columns.Length; c++)
        {
            if (!Columns[c].RowEquals(row, other.Columns[c], otherRow))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies row <paramref name="row"/> into row <paramref name="targetRow"/> of <paramref name="target"/>.</summary>
    public void CopyRow(int row, RowBatch target, int targetRow)
    {
        ArgumentNullException.ThrowIfNull(target);
        for (var c = 0; c < Columns.Length; c++)
        {
            Columns[c].CopyRow(row, target.Columns[c], targetRow);
        }
    }
}
