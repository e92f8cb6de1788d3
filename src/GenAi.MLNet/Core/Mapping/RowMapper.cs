using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>Row-at-a-time mapping, used by <see cref="PredictionEngine{TSrc, TDst}"/>.</summary>
internal sealed class RowMapper : IRowToRowMapper
{
    private readonly IBatchMapper _mapper;

    public RowMapper(DataViewSchema inputSchema, IBatchMapper mapper, DataViewSchema outputSchema)
    {
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        _mapper = mapper;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        ArgumentNullException.ThrowIfNull(dependingColumns);
        var list = dependingColumns.ToList();
        var inputs = list.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
        if (list.Any(c => c.Index >= InputSchema.Count))
        {
            inputs.AddRange(BatchMapping.ModelInputs(InputSchema, _mapper));
        }

        return inputs.Distinct();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        var active = activeColumns.Select(c => c.Index).ToHashSet();
        var activeOutputs = Enumerable.Range(0, _mapper.Outputs.Count).Select(k => active.Contains(InputSchema.Count + k)).ToArray();
        return new Row(this, input, activeOutputs);
    }

    private sealed class Row : DataViewRow
    {
        private readonly RowMapper _parent;
        private readonly DataViewRow _input;
        private readonly bool[] _activeOutputs;
        private readonly RowBatch? _scratch;
        private readonly RowBatch? _current;
        private readonly RowReader[] _readers = [];
        private readonly OutputBatch? _outputs;
        private bool _computed;

        public Row(RowMapper parent, DataViewRow input, bool[] activeOutputs)
        {
            _parent = parent;
            _input = input;
            _activeOutputs = activeOutputs;
            if (activeOutputs.Any(a => a))
            {
                var mapper = parent._mapper;
                _scratch = new RowBatch(mapper.Inputs, 1) { Rows = 1 };
                _current = new RowBatch(mapper.Inputs, 1) { Rows = 1 };
                _readers = mapper.Inputs.Select((c, i) => c.CreateReader(input, _scratch.Columns[i])).ToArray();
                _outputs = new OutputBatch(mapper.Outputs, activeOutputs, 1) { Rows = 1 };
            }
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index < _parent.InputSchema.Count
                ? _input.IsColumnActive(_input.Schema[column.Index])
                : _activeOutputs[column.Index - _parent.InputSchema.Count];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var inputCount = _parent.InputSchema.Count;
            if (column.Index < inputCount)
            {
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            }

            var k = column.Index - inputCount;
            return OutputGetters.Create<TValue>(_parent._mapper.Outputs[k], k, Compute);
        }

        private (OutputBatch, int) Compute()
        {
            // PredictionEngine reuses one input row whose Position need not change between calls, so the
            // outputs are cached on the input values themselves.
            for (var c = 0; c < _readers.Length; c++)
            {
                _readers[c](0, _input.Position);
            }

            if (!_computed || !_scratch!.RowEquals(0, _current!, 0))
            {
                _scratch!.CopyRow(0, _current!, 0);
                _parent._mapper.Map(_current!, _outputs!);
                _computed = true;
            }

            return (_outputs!, 0);
        }
    }
}
