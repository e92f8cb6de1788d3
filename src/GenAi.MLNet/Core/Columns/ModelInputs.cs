using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Core.Columns;

/// <summary>The input columns a fitted model reads, in the order its batches hold them.</summary>
internal sealed class ModelInputs
{
    public ModelInputs(IReadOnlyList<InputColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A model reads at least one column.", nameof(columns));
        }

        Columns = columns.ToArray();
    }

    public IReadOnlyList<InputColumn> Columns { get; }

    public InputColumn this[int index] => Columns[index];

    public int Count => Columns.Count;

    /// <summary>The first column of type <typeparamref name="T"/>, or null.</summary>
    public T? Find<T>()
        where T : InputColumn
        => Columns.OfType<T>().FirstOrDefault();

    public void Check(DataViewSchema schema)
    {
        foreach (var column in Columns)
        {
            column.Check(schema);
        }
    }

    public void Check(SchemaShape schema)
    {
        foreach (var column in Columns)
        {
            column.Check(schema);
        }
    }

    public SavedInput[] ToSaved() => Columns.Select(c => c.ToSaved()).ToArray();

    public static ModelInputs FromSaved(SavedInput[]? saved)
    {
        if (saved is not { Length: > 0 } || saved.Any(s => s is null))
        {
            throw new InvalidDataException("The saved model lists no input columns. The file is damaged or was written by another program.");
        }

        return new ModelInputs(saved.Select(s => s.ToColumn()).ToArray());
    }
}
