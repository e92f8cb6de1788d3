using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>A text column (ML.NET's <see cref="TextDataViewType"/>); each row is read as a string.</summary>
internal sealed class TextInput(string name) : InputColumn(name)
{
    public override void Check(DataViewSchema schema)
    {
        var column = Find(schema, Name);
        if (column.Type is not TextDataViewType)
        {
            throw new ArgumentException($"Column '{Name}' must be text (String); it is {column.Type}.", nameof(schema));
        }
    }

    public override void Check(SchemaShape schema) => CheckShape(schema, Name);

    public static void CheckShape(SchemaShape schema, string name)
    {
        var column = Find(schema, name);
        if (column.ItemType is not TextDataViewType || column.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentException($"Column '{name}' must be a text scalar (String); it is a {column.Kind} of {column.ItemType}.", nameof(schema));
        }
    }

    public override ColumnBuffer CreateBuffer(int capacity) => new TextBuffer(capacity);

    public override RowReader CreateReader(DataViewRow row, ColumnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = (TextBuffer)buffer;
        var getter = row.GetGetter<ReadOnlyMemory<char>>(row.Schema[Name]);
        var value = default(ReadOnlyMemory<char>);
        return (index, _) =>
        {
            getter(ref value);
            target.Values[index] = value.ToString();
        };
    }

    public override SavedInput ToSaved() => new() { Kind = SavedInputKind.Text, Name = Name };
}
