using System;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>ML.NET value getters over the rows of an <see cref="OutputBatch"/>.</summary>
internal static class OutputGetters
{
    /// <summary>
    /// A getter of output column <paramref name="k"/>: <paramref name="prepare"/> makes sure the batch holding
    /// the current row is computed and returns that batch and the row's index in it.
    /// </summary>
    public static ValueGetter<TValue> Create<TValue>(OutputColumn column, int k, Func<(OutputBatch Batch, int Row)> prepare)
    {
        Delegate getter = column.Kind switch
        {
            OutputKind.Float => (ValueGetter<float>)((ref float value) =>
            {
                var (batch, row) = prepare();
                value = batch.Floats(k)[row];
            }),
            OutputKind.FloatVector => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var (batch, row) = prepare();
                var size = column.Width;
                var editor = VBufferEditor.Create(ref value, size);
                batch.Floats(k).AsSpan(row * size, size).CopyTo(editor.Values);
                value = editor.Commit();
            }),
            OutputKind.Boolean => (ValueGetter<bool>)((ref bool value) =>
            {
                var (batch, row) = prepare();
                value = batch.Booleans(k)[row];
            }),
            OutputKind.Key => (ValueGetter<uint>)((ref uint value) =>
            {
                var (batch, row) = prepare();
                value = (uint)(batch.Keys(k)[row] + 1);
            }),
            OutputKind.Text => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) =>
            {
                var (batch, row) = prepare();
                value = batch.Texts(k)[row].AsMemory();
            }),
            OutputKind.Tokens => (ValueGetter<VBuffer<long>>)((ref VBuffer<long> value) =>
            {
                var (batch, row) = prepare();
                var ids = batch.Tokens(k)[row];
                var editor = VBufferEditor.Create(ref value, ids.Length);
                ids.CopyTo(editor.Values);
                value = editor.Commit();
            }),
            _ => throw new InvalidOperationException($"Unknown output kind {column.Kind}."),
        };
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
    }
}
