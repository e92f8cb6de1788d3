using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core;

/// <summary>A float (scalar or vector) column a fitted model appends.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Shape">Shape; a size-1 shape with <paramref name="Scalar"/> set is a scalar column.</param>
/// <param name="Scalar">True for a Single scalar column.</param>
internal sealed record OutputColumn(string Name, VectorShape Shape, bool Scalar)
{
    public DataViewType Type => Scalar ? NumberDataViewType.Single : Shape.ToVectorType();

    public static OutputColumn ScalarColumn(string name) => new(name, new VectorShape(1, [1]), true);

    public static OutputColumn VectorColumn(string name, VectorShape shape) => new(name, shape, false);
}

/// <summary>
/// Computes a model's output columns for a batch of rows. Implementations hold the network; the
/// data views below handle cursors, batching and schemas.
/// </summary>
internal interface IBatchMapper
{
    /// <summary>The float vector column the model reads.</summary>
    string InputColumnName { get; }

    /// <summary>Values per row of the input column.</summary>
    int InputSize { get; }

    /// <summary>A class-label column the model also reads (conditional models), or null.</summary>
    string? LabelColumnName { get; }

    /// <summary>True when NaN inputs are allowed (they mean "missing"); otherwise non-finite inputs are rejected.</summary>
    bool AllowsMissing { get; }

    /// <summary>The appended columns, in schema order.</summary>
    IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>
    /// Maps <paramref name="rows"/> rows of <paramref name="input"/> (row-major) and, for conditional
    /// models, their zero-based <paramref name="labels"/> (empty otherwise) into
    /// <paramref name="outputs"/>[k] (row-major, <c>rows x Outputs[k].Shape.Size</c>) for each k with
    /// <paramref name="active"/>[k] set.
    /// </summary>
    void Map(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int rows, float[][] outputs, bool[] active);
}

/// <summary>Schemas and row mappers shared by every fitted transformer of the library.</summary>
internal static class BatchMapping
{
    /// <summary>Rows per forward pass when a transform is cursored.</summary>
    public const int DefaultBatchSize = 256;

    public static DataViewSchema OutputSchema(DataViewSchema input, IBatchMapper mapper)
    {
        ColumnReader.CheckVectorColumn(input, mapper.InputColumnName, mapper.InputSize);
        if (mapper.LabelColumnName is { } label)
        {
            ColumnReader.CheckLabelColumn(input, label);
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var output in mapper.Outputs)
        {
            builder.AddColumn(output.Name, output.Type);
        }

        return builder.ToSchema();
    }

    public static IDataView Transform(IDataView input, IBatchMapper mapper, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, mapper, OutputSchema(input.Schema, mapper), batchSize);
    }

    public static IRowToRowMapper RowToRowMapper(DataViewSchema inputSchema, IBatchMapper mapper)
        => new RowMapper(inputSchema, mapper, OutputSchema(inputSchema, mapper));

    /// <summary>The input columns a model reads: its feature column and, when conditional, its label column.</summary>
    private static List<DataViewSchema.Column> ModelInputs(DataViewSchema schema, IBatchMapper mapper)
    {
        var columns = new List<DataViewSchema.Column> { schema[mapper.InputColumnName] };
        if (mapper.LabelColumnName is { } label)
        {
            columns.Add(schema[label]);
        }

        return columns;
    }

    /// <summary>A lazy view: input columns pass through, model columns are computed a batch at a time.</summary>
    private sealed class MappedDataView : IDataView
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

        // Two input cursors (one passes columns through, one reads features ahead a batch at a time)
        // must see rows in the same order, so this view does not shuffle.
        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
            var inputCount = _input.Schema.Count;
            var activeOutputs = Enumerable.Range(0, _mapper.Outputs.Count).Select(k => needed.Contains(inputCount + k)).ToArray();
            var passThrough = _input.Schema.Where(c => needed.Contains(c.Index)).ToList();
            var main = _input.GetRowCursor(passThrough);
            DataViewRowCursor? lookahead = activeOutputs.Any(a => a)
                ? _input.GetRowCursor(ModelInputs(_input.Schema, _mapper))
                : null;
            return new Cursor(this, main, lookahead, activeOutputs);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly MappedDataView _parent;
            private readonly DataViewRowCursor _main;
            private readonly DataViewRowCursor? _lookahead;
            private readonly Action<Span<float>>? _readFeatures;
            private readonly Func<int>? _readLabel;
            private readonly bool[] _activeOutputs;
            private readonly float[][] _outputs;
            private readonly float[] _input;
            private readonly int[] _labels;
            private long _batchStart = -1;
            private int _batchRows;
            private long _lookaheadRows;

            public Cursor(MappedDataView parent, DataViewRowCursor main, DataViewRowCursor? lookahead, bool[] activeOutputs)
            {
                _parent = parent;
                _main = main;
                _lookahead = lookahead;
                _activeOutputs = activeOutputs;
                var mapper = parent._mapper;
                _input = new float[parent._batchSize * mapper.InputSize];
                _labels = mapper.LabelColumnName is null ? [] : new int[parent._batchSize];
                _outputs = mapper.Outputs.Select((o, k) => activeOutputs[k] ? new float[parent._batchSize * o.Shape.Size] : []).ToArray();
                if (lookahead is not null)
                {
                    _readFeatures = ColumnReader.MakeVectorGetter(lookahead, lookahead.Schema[mapper.InputColumnName]);
                    if (mapper.LabelColumnName is { } label)
                    {
                        _readLabel = ColumnReader.MakeLabelGetter(lookahead, lookahead.Schema[label]);
                    }
                }
            }

            public override long Position => _main.Position;

            public override long Batch => _main.Batch;

            public override DataViewSchema Schema => _parent.Schema;

            public override bool IsColumnActive(DataViewSchema.Column column)
                => column.Index < _parent._input.Schema.Count
                    ? _main.IsColumnActive(_main.Schema[column.Index])
                    : _activeOutputs[column.Index - _parent._input.Schema.Count];

            public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

            public override bool MoveNext() => _main.MoveNext();

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                var inputCount = _parent._input.Schema.Count;
                if (column.Index < inputCount)
                {
                    return _main.GetGetter<TValue>(_main.Schema[column.Index]);
                }

                var k = column.Index - inputCount;
                if (!_activeOutputs[k])
                {
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
                }

                var output = _parent._mapper.Outputs[k];
                Delegate getter = output.Scalar
                    ? (ValueGetter<float>)((ref float value) =>
                    {
                        var offset = EnsureBatch();
                        value = _outputs[k][offset];
                    })
                    : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                    {
                        var offset = EnsureBatch();
                        var size = output.Shape.Size;
                        var editor = VBufferEditor.Create(ref value, size);
                        _outputs[k].AsSpan(offset * size, size).CopyTo(editor.Values);
                        value = editor.Commit();
                    });
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' has type {output.Type}, not {typeof(TValue).Name}.");
            }

            /// <summary>Computes the batch holding the current row if needed; returns the row's offset in it.</summary>
            private int EnsureBatch()
            {
                var position = _main.Position;
                var batchSize = _parent._batchSize;
                if (_batchStart < 0 || position < _batchStart || position >= _batchStart + _batchRows)
                {
                    var start = position / batchSize * batchSize;
                    var mapper = _parent._mapper;
                    var size = mapper.InputSize;

                    // Skip rows whose outputs nobody asked for, then read one batch of features.
                    while (_lookaheadRows < start)
                    {
                        _lookahead!.MoveNext();
                        _lookaheadRows++;
                    }

                    var rows = 0;
                    while (rows < batchSize && _lookahead!.MoveNext())
                    {
                        var row = _input.AsSpan(rows * size, size);
                        _readFeatures!(row);
                        if (!mapper.AllowsMissing)
                        {
                            ColumnReader.CheckFinite(row, mapper.InputColumnName, start + rows);
                        }

                        if (_readLabel is not null)
                        {
                            _labels[rows] = _readLabel();
                        }

                        rows++;
                        _lookaheadRows++;
                    }

                    mapper.Map(_input.AsSpan(0, rows * size), _labels.AsSpan(0, _readLabel is null ? 0 : rows), rows, _outputs, _activeOutputs);
                    _batchStart = start;
                    _batchRows = rows;
                }

                return (int)(position - _batchStart);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _main.Dispose();
                    _lookahead?.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Row-at-a-time mapping, used by <see cref="PredictionEngine{TSrc, TDst}"/>.</summary>
    private sealed class RowMapper : IRowToRowMapper
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
            var list = dependingColumns.ToList();
            var inputs = list.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
            if (list.Any(c => c.Index >= InputSchema.Count))
            {
                inputs.AddRange(ModelInputs(InputSchema, _mapper));
            }

            return inputs.Distinct();
        }

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        {
            var active = activeColumns.Select(c => c.Index).ToHashSet();
            var activeOutputs = Enumerable.Range(0, _mapper.Outputs.Count).Select(k => active.Contains(InputSchema.Count + k)).ToArray();
            return new Row(this, input, activeOutputs);
        }

        private sealed class Row : DataViewRow
        {
            private readonly RowMapper _parent;
            private readonly DataViewRow _input;
            private readonly bool[] _activeOutputs;
            private readonly float[][] _outputs;
            private readonly float[] _features;
            private readonly Action<Span<float>>? _readFeatures;
            private readonly float[] _scratch;
            private readonly Func<int>? _readLabel;
            private readonly int[] _label;
            private bool _computed;

            public Row(RowMapper parent, DataViewRow input, bool[] activeOutputs)
            {
                _parent = parent;
                _input = input;
                _activeOutputs = activeOutputs;
                var mapper = parent._mapper;
                _features = new float[mapper.InputSize];
                _scratch = new float[mapper.InputSize];
                _outputs = mapper.Outputs.Select((o, k) => activeOutputs[k] ? new float[o.Shape.Size] : []).ToArray();
                if (activeOutputs.Any(a => a))
                {
                    _readFeatures = ColumnReader.MakeVectorGetter(input, input.Schema[mapper.InputColumnName]);
                    if (mapper.LabelColumnName is { } label)
                    {
                        _readLabel = ColumnReader.MakeLabelGetter(input, input.Schema[label]);
                    }
                }

                _label = mapper.LabelColumnName is null ? [] : new int[1];
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
                var output = _parent._mapper.Outputs[k];
                Delegate getter = output.Scalar
                    ? (ValueGetter<float>)((ref float value) =>
                    {
                        Compute();
                        value = _outputs[k][0];
                    })
                    : (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                    {
                        Compute();
                        var editor = VBufferEditor.Create(ref value, output.Shape.Size);
                        _outputs[k].CopyTo(editor.Values);
                        value = editor.Commit();
                    });
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' has type {output.Type}, not {typeof(TValue).Name}.");
            }

            private void Compute()
            {
                // PredictionEngine reuses one input row whose Position need not change between calls,
                // so the cache is keyed on the feature values themselves.
                _readFeatures!(_scratch);
                var label = _readLabel?.Invoke() ?? 0;
                if (_computed && _scratch.AsSpan().SequenceEqual(_features) && (_label.Length == 0 || _label[0] == label))
                {
                    return;
                }

                _scratch.CopyTo(_features, 0);
                if (_label.Length > 0)
                {
                    _label[0] = label;
                }

                if (!_parent._mapper.AllowsMissing)
                {
                    ColumnReader.CheckFinite(_features, _parent._mapper.InputColumnName, _input.Position);
                }

                _parent._mapper.Map(_features, _label, 1, _outputs, _activeOutputs);
                _computed = true;
            }
        }
    }
}
