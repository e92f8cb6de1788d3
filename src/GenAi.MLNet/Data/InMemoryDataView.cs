using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Data;

/// <summary>
/// A column-oriented, read-only <see cref="IDataView"/> over arrays, for data the library creates
/// itself (loaded data sets, generated samples). Unlike <c>LoadFromEnumerable</c> it keeps vector
/// dimensions (an image's <c>(C, H, W)</c>) and key types with their class names.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly List<ColumnData> _columns;

    private InMemoryDataView(List<ColumnData> columns, long rows)
    {
        _columns = columns;
        RowCount = rows;
        var builder = new DataViewSchema.Builder();
        foreach (var column in columns)
        {
            builder.AddColumn(column.Name, column.Type, column.Annotations);
        }

        Schema = builder.ToSchema();
    }

    /// <summary>The number of rows.</summary>
    public long RowCount { get; }

    /// <inheritdoc />
    public bool CanShuffle => true;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => RowCount;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[_columns.Count];
        foreach (var c in columnsNeeded)
        {
            active[c.Index] = true;
        }

        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, checked((int)RowCount)).ToArray();
            rand.Shuffle(order);
        }

        return new Cursor(this, active, order);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Builds an <see cref="InMemoryDataView"/> column by column; every column must have the same row count.</summary>
    public sealed class Builder
    {
        private readonly List<ColumnData> _columns = [];
        private long _rows = -1;

        /// <summary>Adds a float vector column; <paramref name="values"/> is row-major, <c>rows x size</c>.</summary>
        /// <param name="name">Column name.</param>
        /// <param name="values">Row-major values.</param>
        /// <param name="size">Vector length.</param>
        /// <param name="dimensions">Optional shape, e.g. <c>[1, 28, 28]</c>; its product must equal <paramref name="size"/>.</param>
        public Builder AddVector(string name, float[] values, int size, int[]? dimensions = null)
        {
            ArgumentNullException.ThrowIfNull(values);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
            if (values.Length % size != 0)
            {
                throw new ArgumentException($"Column '{name}': {values.Length} values are not a whole number of rows of {size}.", nameof(values));
            }

            var type = dimensions is { Length: > 0 }
                ? new VectorDataViewType(NumberDataViewType.Single, dimensions)
                : new VectorDataViewType(NumberDataViewType.Single, size);
            if (type.Size != size)
            {
                throw new ArgumentException($"Column '{name}': dimensions [{string.Join(", ", dimensions!)}] do not multiply to {size}.", nameof(dimensions));
            }

            return Add(new ColumnData(name, type, values.Length / size, null, row =>
            {
                ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, size);
                    values.AsSpan(row() * size, size).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return getter;
            }));
        }

        /// <summary>Adds a float scalar column.</summary>
        public Builder AddScalar(string name, float[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            return Add(new ColumnData(name, NumberDataViewType.Single, values.Length, null, row =>
            {
                ValueGetter<float> getter = (ref float value) => value = values[row()];
                return getter;
            }));
        }

        /// <summary>Adds a Boolean column (ML.NET's type for binary labels).</summary>
        public Builder AddBoolean(string name, bool[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            return Add(new ColumnData(name, BooleanDataViewType.Instance, values.Length, null, row =>
            {
                ValueGetter<bool> getter = (ref bool value) => value = values[row()];
                return getter;
            }));
        }

        /// <summary>Adds a text column.</summary>
        public Builder AddText(string name, string[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            return Add(new ColumnData(name, TextDataViewType.Instance, values.Length, null, row =>
            {
                ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) => value = values[row()].AsMemory();
                return getter;
            }));
        }

        /// <summary>Adds a column of token ids: a variable-length vector of Int64 per row.</summary>
        public Builder AddTokens(string name, long[][] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            return Add(new ColumnData(name, new VectorDataViewType(NumberDataViewType.Int64), values.Length, null, row =>
            {
                ValueGetter<VBuffer<long>> getter = (ref VBuffer<long> value) =>
                {
                    var ids = values[row()] ?? [];
                    var editor = VBufferEditor.Create(ref value, ids.Length);
                    ids.AsSpan().CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return getter;
            }));
        }

        /// <summary>
        /// Adds a key column (ML.NET's type for class labels) from zero-based class indices; the
        /// stored keys are one-based as ML.NET requires, with <paramref name="classNames"/> as key values.
        /// </summary>
        public Builder AddKey(string name, int[] classIndices, string[] classNames)
        {
            ArgumentNullException.ThrowIfNull(classIndices);
            ArgumentNullException.ThrowIfNull(classNames);
            var count = classNames.Length;
            foreach (var c in classIndices)
            {
                if (c < 0 || c >= count)
                {
                    throw new ArgumentException($"Column '{name}': class index {c} is outside [0, {count}).", nameof(classIndices));
                }
            }

            var keyValues = new VBuffer<ReadOnlyMemory<char>>(count, classNames.Select(n => n.AsMemory()).ToArray());
            var annotations = new DataViewSchema.Annotations.Builder();
            annotations.AddKeyValues(count, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> v) => keyValues.CopyTo(ref v));
            return Add(new ColumnData(name, new KeyDataViewType(typeof(uint), count), classIndices.Length, annotations.ToAnnotations(), row =>
            {
                ValueGetter<uint> getter = (ref uint value) => value = (uint)(classIndices[row()] + 1);
                return getter;
            }));
        }

        /// <summary>Creates the view.</summary>
        public InMemoryDataView Build()
        {
            if (_columns.Count == 0)
            {
                throw new InvalidOperationException("An InMemoryDataView needs at least one column.");
            }

            return new InMemoryDataView(_columns, _rows);
        }

        private Builder Add(ColumnData column)
        {
            if (_rows >= 0 && column.Rows != _rows)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Rows} rows; earlier columns have {_rows}.");
            }

            _rows = column.Rows;
            _columns.Add(column);
            return this;
        }
    }

    private sealed record ColumnData(string Name, DataViewType Type, long Rows, DataViewSchema.Annotations? Annotations, Func<Func<int>, Delegate> MakeGetter);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _parent;
        private readonly bool[] _active;
        private readonly int[]? _order;
        private readonly Delegate?[] _getters;
        private long _position = -1;
        private int _row = -1;

        public Cursor(InMemoryDataView parent, bool[] active, int[]? order)
        {
            _parent = parent;
            _active = active;
            _order = order;
            _getters = new Delegate?[parent._columns.Count];
            for (var i = 0; i < _getters.Length; i++)
            {
                if (active[i])
                {
                    _getters[i] = parent._columns[i].MakeGetter(CurrentRow);
                }
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }

            return _getters[column.Index] as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_row, 0);

        public override bool MoveNext()
        {
            if (_position + 1 >= _parent.RowCount)
            {
                _position = _parent.RowCount;
                return false;
            }

            _position++;
            _row = _order is null ? (int)_position : _order[_position];
            return true;
        }

        private int CurrentRow() => _row;
    }
}
