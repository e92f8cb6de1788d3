using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// A column of token ids: a vector (of any length) of Int64, Int32 or UInt32, or a key vector (ids are the
/// keys minus one). Every id must lie in [0, <see cref="VocabularySize"/>).
/// </summary>
internal sealed class TokenInput : InputColumn
{
    public TokenInput(string name, int vocabularySize)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        VocabularySize = vocabularySize;
    }

    public int VocabularySize { get; }

    public override void Check(DataViewSchema schema)
    {
        var column = Find(schema, Name);
        if (!IsTokenType(column.Type))
        {
            throw new ArgumentException($"Column '{Name}' must be a vector of token ids (Int64, Int32, UInt32 or key); it is {column.Type}.", nameof(schema));
        }
    }

    public override void Check(SchemaShape schema)
    {
        var column = Find(schema, Name);
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || !(column.IsKey || column.ItemType == NumberDataViewType.Int64 || column.ItemType == NumberDataViewType.Int32 || column.ItemType == NumberDataViewType.UInt32))
        {
            throw new ArgumentException($"Column '{Name}' must be a vector of token ids (Int64, Int32, UInt32 or key); it is a {column.Kind} of {column.ItemType}.", nameof(schema));
        }
    }

    private static bool IsTokenType(DataViewType type) => type is VectorDataViewType v
        && (v.ItemType is KeyDataViewType || v.ItemType == NumberDataViewType.Int64 || v.ItemType == NumberDataViewType.Int32 || v.ItemType == NumberDataViewType.UInt32);

    public override ColumnBuffer CreateBuffer(int capacity) => new TokenBuffer(capacity);

    public override RowReader CreateReader(DataViewRow row, ColumnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = (TokenBuffer)buffer;
        var column = row.Schema[Name];
        var item = ((VectorDataViewType)column.Type).ItemType;
        Func<long[]> read = item switch
        {
            KeyDataViewType => Reader<uint>(row, column, k => (long)k - 1),
            _ when item == NumberDataViewType.Int64 => Reader<long>(row, column, v => v),
            _ when item == NumberDataViewType.Int32 => Reader<int>(row, column, v => v),
            _ => Reader<uint>(row, column, v => v),
        };
        return (index, position) =>
        {
            var ids = read();
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] < 0 || ids[i] >= VocabularySize)
                {
                    throw new InvalidOperationException($"Column '{Name}', row {position}, position {i}: token id {ids[i]} is outside the vocabulary [0, {VocabularySize}).");
                }
            }

            target.Values[index] = ids;
        };
    }

    private static Func<long[]> Reader<T>(DataViewRow row, DataViewSchema.Column column, Func<T, long> convert)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        var value = default(VBuffer<T>);
        return () =>
        {
            getter(ref value);
            var ids = new long[value.Length];
            var i = 0;
            foreach (var v in value.DenseValues())
            {
                ids[i++] = convert(v);
            }

            return ids;
        };
    }

    public override SavedInput ToSaved() => new() { Kind = SavedInputKind.Tokens, Name = Name, VocabularySize = VocabularySize };
}
