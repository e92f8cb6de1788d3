using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>
/// Copies of one pass-through column's values for the rows of a block, so that a single input cursor can
/// read a block ahead (to batch the model) and still serve each row's own values afterwards. Values are
/// deep-copied: a cursor may reuse its buffers from row to row.
/// </summary>
internal abstract class ColumnCache
{
    /// <summary>Stores the input row's current value at <paramref name="index"/>.</summary>
    public abstract void Capture(int index);

    /// <summary>A getter of the value stored at <paramref name="current"/>()'s index.</summary>
    public abstract Delegate Getter(Func<int> current);

    public static ColumnCache Create(DataViewRow row, DataViewSchema.Column column, int capacity)
    {
        ArgumentNullException.ThrowIfNull(row);
        var raw = column.Type.RawType;
        var type = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
            ? (raw.GetGenericArguments()[0] == typeof(ReadOnlyMemory<char>) ? typeof(TextVectorCache) : typeof(VectorCache<>).MakeGenericType(raw.GetGenericArguments()[0]))
            : raw == typeof(ReadOnlyMemory<char>) ? typeof(TextCache) : typeof(ScalarCache<>).MakeGenericType(raw);
        return (ColumnCache)Activator.CreateInstance(type, row, column, capacity)!;
    }

    private sealed class ScalarCache<T>(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnCache
    {
        private readonly ValueGetter<T> _source = row.GetGetter<T>(column);
        private readonly T[] _values = new T[capacity];

        public override void Capture(int index) => _source(ref _values[index]);

        public override Delegate Getter(Func<int> current) => (ValueGetter<T>)((ref T value) => value = _values[current()]);
    }

    private sealed class TextCache(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnCache
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> _source = row.GetGetter<ReadOnlyMemory<char>>(column);
        private readonly ReadOnlyMemory<char>[] _values = new ReadOnlyMemory<char>[capacity];
        private ReadOnlyMemory<char> _scratch;

        public override void Capture(int index)
        {
            _source(ref _scratch);
            _values[index] = _scratch.ToArray();
        }

        public override Delegate Getter(Func<int> current) => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = _values[current()]);
    }

    private sealed class VectorCache<T>(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnCache
    {
        private readonly ValueGetter<VBuffer<T>> _source = row.GetGetter<VBuffer<T>>(column);
        private readonly VBuffer<T>[] _values = new VBuffer<T>[capacity];
        private VBuffer<T> _scratch;

        public override void Capture(int index)
        {
            _source(ref _scratch);
            _scratch.CopyTo(ref _values[index]);
        }

        public override Delegate Getter(Func<int> current) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[current()].CopyTo(ref value));
    }

    private sealed class TextVectorCache(DataViewRow row, DataViewSchema.Column column, int capacity) : ColumnCache
    {
        private readonly ValueGetter<VBuffer<ReadOnlyMemory<char>>> _source = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
        private readonly VBuffer<ReadOnlyMemory<char>>[] _values = new VBuffer<ReadOnlyMemory<char>>[capacity];
        private VBuffer<ReadOnlyMemory<char>> _scratch;

        public override void Capture(int index)
        {
            _source(ref _scratch);
            var editor = VBufferEditor.Create(ref _values[index], _scratch.Length, _scratch.GetValues().Length);
            var values = _scratch.GetValues();
            for (var i = 0; i < values.Length; i++)
            {
                editor.Values[i] = values[i].ToArray();
            }

            if (!_scratch.IsDense)
            {
                _scratch.GetIndices().CopyTo(editor.Indices);
            }

            _values[index] = editor.Commit();
        }

        public override Delegate Getter(Func<int> current) => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> value) => _values[current()].CopyTo(ref value));
    }
}
