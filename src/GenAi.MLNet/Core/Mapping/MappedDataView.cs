using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>
/// A lazy view over an input view: input columns pass through, and the mapper's columns are computed a
/// block of rows at a time. One input cursor serves both: each block is read ahead into typed buffers
/// (the model's inputs) and caches (the pass-through columns asked for), so the outputs always belong to
/// the row they are served with, whatever order the input view gives its rows in.
/// </summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly IBatchMapper _mapper;
    private readonly int _batchSize;

    public MappedDataView(IDataView input, IBatchMapper mapper, DataViewSchema schema, int batchSize)
    {
        _input = input;
        _mapper = mapper;
        _batchSize = batchSize;
        Schema = schema;
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inputCount = _input.Schema.Count;
        var active = Enumerable.Range(0, _mapper.Outputs.Count).Select(k => needed.Contains(inputCount + k)).ToArray();
        var passThrough = _input.Schema.Where(c => needed.Contains(c.Index)).ToList();
        var cursorColumns = active.Any(a => a) ? passThrough.Concat(BatchMapping.ModelInputs(_input.Schema, _mapper)).Distinct() : passThrough;
        var cursor = _input.GetRowCursor(cursorColumns, rand);
        return new Cursor(this, cursor, passThrough, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly MappedDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly bool[] _activeOutputs;
        private readonly bool _batching;
        private readonly Dictionary<int, ColumnCache> _caches = [];
        private readonly RowBatch? _rows;
        private readonly RowReader[] _readers = [];
        private readonly OutputBatch? _outputs;
        private readonly ValueGetter<DataViewRowId> _inputId;
        private readonly DataViewRowId[] _ids;
        private int _index = -1;
        private int _count;
        private long _position = -1;
        private bool _done;

        public Cursor(MappedDataView parent, DataViewRowCursor input, List<DataViewSchema.Column> passThrough, bool[] activeOutputs)
        {
            _parent = parent;
            _input = input;
            _activeOutputs = activeOutputs;
            _batching = activeOutputs.Any(a => a);
            _inputId = input.GetIdGetter();
            var capacity = _batching ? parent._batchSize : 1;
            _ids = new DataViewRowId[capacity];
            if (_batching)
            {
                foreach (var column in passThrough)
                {
                    _caches[column.Index] = ColumnCache.Create(input, input.Schema[column.Index], capacity);
                }

                _rows = new RowBatch(parent._mapper.Inputs, capacity);
                _readers = parent._mapper.Inputs.Select((c, i) => c.CreateReader(input, _rows.Columns[i])).ToArray();
                _outputs = new OutputBatch(parent._mapper.Outputs, activeOutputs, capacity);
            }
        }

        public override long Position => _position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index < _parent._input.Schema.Count
                ? _input.IsColumnActive(_input.Schema[column.Index]) && (!_batching || _caches.ContainsKey(column.Index))
                : _activeOutputs[column.Index - _parent._input.Schema.Count];

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => _batching ? (ref DataViewRowId value) => value = _ids[_index] : _inputId;

        public override bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            if (!_batching)
            {
                if (_input.MoveNext())
                {
                    _position++;
                    return true;
                }

                _done = true;
                return false;
            }

            if (_index + 1 < _count)
            {
                _index++;
                _position++;
                return true;
            }

            // Read the next block through the single input cursor, then run the model on it.
            var rows = 0;
            while (rows < _rows!.Capacity && _input.MoveNext())
            {
                _inputId(ref _ids[rows]);
                foreach (var cache in _caches.Values)
                {
                    cache.Capture(rows);
                }

                for (var c = 0; c < _readers.Length; c++)
                {
                    _readers[c](rows, _input.Position);
                }

                rows++;
            }

            if (rows == 0)
            {
                _done = true;
                _count = 0;
                return false;
            }

            _rows.Rows = rows;
            _outputs!.Rows = rows;
            _parent._mapper.Map(_rows, _outputs);
            _count = rows;
            _index = 0;
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var inputCount = _parent._input.Schema.Count;
            if (column.Index < inputCount)
            {
                if (!_batching)
                {
                    return _input.GetGetter<TValue>(_input.Schema[column.Index]);
                }

                if (!_caches.TryGetValue(column.Index, out var cache))
                {
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
                }

                return cache.Getter(() => _index) as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
            }

            var k = column.Index - inputCount;
            if (!_activeOutputs[k])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            }

            return OutputGetters.Create<TValue>(_parent._mapper.Outputs[k], k, () => (_outputs!, _index));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
