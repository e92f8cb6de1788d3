using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// An input column a model reads, as resolved at Fit time (shape, classes, allowed range): it checks
/// schemas with errors that name the column, creates the typed buffer for a block of rows, and reads and
/// validates each row into it. The same object checks training data, validation data and transform input.
/// </summary>
internal abstract class InputColumn
{
    protected InputColumn(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>Checks a data schema (Transform, validation data); throws <see cref="ArgumentException"/> naming the column.</summary>
    public abstract void Check(DataViewSchema schema);

    /// <summary>Checks an estimator's input schema shape; throws <see cref="ArgumentException"/> naming the column.</summary>
    public abstract void Check(SchemaShape schema);

    /// <summary>A buffer for <paramref name="capacity"/> rows.</summary>
    public abstract ColumnBuffer CreateBuffer(int capacity);

    /// <summary>A reader of <paramref name="row"/>'s value of this column into <paramref name="buffer"/>.</summary>
    public abstract RowReader CreateReader(DataViewRow row, ColumnBuffer buffer);

    /// <summary>The serialisable description saved with a model.</summary>
    public abstract SavedInput ToSaved();

    /// <summary>The column in <paramref name="schema"/>, or an error that lists the columns there are.</summary>
    internal static DataViewSchema.Column Find(DataViewSchema schema, string name, string role = "Column")
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"{role} '{name}' was not found in the input data. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.",
            nameof(schema));
    }

    /// <summary>The column in <paramref name="schema"/>, or an error that lists the columns there are.</summary>
    internal static SchemaShape.Column Find(SchemaShape schema, string name, string role = "Column")
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.TryFindColumn(name, out var column) ? column : throw new ArgumentException(
            $"{role} '{name}' was not found in the input schema. Available columns: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.",
            nameof(schema));
    }
}
