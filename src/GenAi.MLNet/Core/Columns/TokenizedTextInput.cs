using System;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// A text column read as token ids: each row's text is encoded by the model's tokenizer (fitted with the
/// model and saved with it), so batches carry int64 id sequences of any length.
/// </summary>
internal sealed class TokenizedTextInput : InputColumn
{
    public TokenizedTextInput(string name, TextTokenizer tokenizer)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        Tokenizer = tokenizer;
    }

    public TextTokenizer Tokenizer { get; }

    public override void Check(DataViewSchema schema) => new TextInput(Name).Check(schema);

    public override void Check(SchemaShape schema) => TextInput.CheckShape(schema, Name);

    public override ColumnBuffer CreateBuffer(int capacity) => new TokenBuffer(capacity);

    public override RowReader CreateReader(DataViewRow row, ColumnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = (TokenBuffer)buffer;
        var getter = row.GetGetter<ReadOnlyMemory<char>>(row.Schema[Name]);
        var value = default(ReadOnlyMemory<char>);
        return (index, _) =>
        {
            getter(ref value);
            target.Values[index] = Tokenizer.Encode(value.ToString());
        };
    }

    public override SavedInput ToSaved() => new() { Kind = SavedInputKind.TokenizedText, Name = Name, Tokenizer = Tokenizer.ToSaved() };
}
