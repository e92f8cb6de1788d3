using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>The rows of a view at given positions, in the view's order (e.g. a stratified sample); every column passes through.</summary>
internal sealed class RowSubsetView : IDataView
{
    private readonly IDataView _source;
    private readonly HashSet<long> _rows;

    public RowSubsetView(IDataView source, IEnumerable<long> rows)
    {
        _source = source;
        _rows = rows.ToHashSet();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(_source.GetRowCursor(columnsNeeded), _rows);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, HashSet<long> rows) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => inner.Schema;

        public override bool MoveNext()
        {
            while (inner.MoveNext())
            {
                if (rows.Contains(inner.Position))
                {
                    _position++;
                    return true;
                }
            }

            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
