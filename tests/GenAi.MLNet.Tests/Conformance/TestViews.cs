using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>
/// Wraps a view and rewrites one float vector column's value on one row (every row when <c>row</c> is -1),
/// keeping the declared schema: bad values, and rows whose length differs from the declared size.
/// </summary>
internal sealed class TamperedVectorView(IDataView inner, string column, int row, Func<float[], float[]> edit) : IDataView
{
    private string Column => column;

    private float[] Edit(float[] values) => edit(values);

    public bool CanShuffle => false;

    public DataViewSchema Schema => inner.Schema;

    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, inner.GetRowCursor(columnsNeeded));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(TamperedVectorView parent, DataViewRowCursor cursor) : DataViewRowCursor
    {
        public override long Position => cursor.Position;

        public override long Batch => cursor.Batch;

        public override DataViewSchema Schema => cursor.Schema;

        public override bool IsColumnActive(DataViewSchema.Column c) => cursor.IsColumnActive(c);

        public override ValueGetter<DataViewRowId> GetIdGetter() => cursor.GetIdGetter();

        public override bool MoveNext() => cursor.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column c)
        {
            if (c.Name != parent.Column)
            {
                return cursor.GetGetter<TValue>(c);
            }

            var source = cursor.GetGetter<VBuffer<float>>(c);
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                source(ref value);
                if (parent.RowMatches(cursor.Position))
                {
                    var edited = parent.Edit(value.DenseValues().ToArray());
                    value = new VBuffer<float>(edited.Length, edited);
                }
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }
    }

    private bool RowMatches(long position) => row < 0 || position == row;
}

/// <summary>
/// A view whose every other cursor returns the rows in reverse order, with a RowId column: a source that
/// does not give the same order twice (e.g. one that reads a changing table).
/// </summary>
internal sealed class ReorderingView : IDataView
{
    private readonly float[][] _rows;
    private int _cursors;

    public ReorderingView(IDataView inner, string column)
    {
        _rows = TestData.ReadColumns(inner, column).ToArray();
        var dims = ((VectorDataViewType)inner.Schema[column].Type).Dimensions.ToArray();
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("RowId", NumberDataViewType.Single);
        builder.AddColumn(column, new VectorDataViewType(NumberDataViewType.Single, dims));
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var reversed = _cursors++ % 2 == 1;
        var order = Enumerable.Range(0, _rows.Length).ToArray();
        if (reversed)
        {
            Array.Reverse(order);
        }

        return new Cursor(this, order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ReorderingView parent, int[] order) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => parent.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)order[_position], 0);

        public override bool MoveNext() => ++_position < order.Length;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Index == 0
                ? (ValueGetter<float>)((ref float value) => value = order[_position])
                : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    var row = parent._rows[order[_position]];
                    var editor = VBufferEditor.Create(ref value, row.Length);
                    row.CopyTo(editor.Values);
                    value = editor.Commit();
                });
            return (ValueGetter<TValue>)getter;
        }
    }
}
