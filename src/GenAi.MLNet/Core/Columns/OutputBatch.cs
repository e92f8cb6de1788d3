using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// The outputs of one mapped block of rows: a buffer per appended column (only for the columns someone
/// asked for: <see cref="IsActive"/>), typed by the column's kind.
/// </summary>
internal sealed class OutputBatch
{
    private readonly object?[] _buffers;

    public OutputBatch(IReadOnlyList<OutputColumn> outputs, bool[] active, int capacity)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(active);
        Outputs = outputs;
        Active = active;
        Capacity = capacity;
        _buffers = outputs.Select((o, k) => active[k] ? Create(o, capacity) : null).ToArray();
    }

    public IReadOnlyList<OutputColumn> Outputs { get; }

    public bool[] Active { get; }

    public int Capacity { get; }

    /// <summary>Rows filled by the last map.</summary>
    public int Rows { get; set; }

    public bool IsActive(int column) => Active[column];

    /// <summary>Row-major values of a Float or FloatVector column (<c>rows x width</c>).</summary>
    public float[] Floats(int column) => (float[])Buffer(column);

    public bool[] Booleans(int column) => (bool[])Buffer(column);

    /// <summary>Zero-based class indices of a Key column.</summary>
    public int[] Keys(int column) => (int[])Buffer(column);

    public string[] Texts(int column) => (string[])Buffer(column);

    public long[][] Tokens(int column) => (long[][])Buffer(column);

    internal object Buffer(int column) => _buffers[column]
        ?? throw new InvalidOperationException($"Output column '{Outputs[column].Name}' was not requested.");

    private static object Create(OutputColumn column, int capacity) => column.Kind switch
    {
        OutputKind.Float or OutputKind.FloatVector => new float[checked(capacity * column.Width)],
        OutputKind.Boolean => new bool[capacity],
        OutputKind.Key => new int[capacity],
        OutputKind.Text => new string[capacity],
        OutputKind.Tokens => new long[capacity][],
        _ => throw new InvalidOperationException($"Unknown output kind {column.Kind}."),
    };
}
