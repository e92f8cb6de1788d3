using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Mapping;

/// <summary>Schemas, lazy views and row mappers shared by every fitted transformer of the library.</summary>
internal static class BatchMapping
{
    /// <summary>Rows per forward pass when a transform is cursored.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>The input schema with the mapper's columns appended; checks the columns it reads.</summary>
    public static DataViewSchema OutputSchema(DataViewSchema input, IBatchMapper mapper)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mapper);
        foreach (var column in mapper.Inputs)
        {
            column.Check(input);
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var output in mapper.Outputs)
        {
            builder.AddColumn(output.Name, output.Type, output.Annotations);
        }

        return builder.ToSchema();
    }

    /// <summary>A lazy view: input columns pass through, the mapper's columns are computed a block of rows at a time.</summary>
    public static IDataView Transform(IDataView input, IBatchMapper mapper, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, mapper, OutputSchema(input.Schema, mapper), batchSize);
    }

    /// <summary>Row-at-a-time mapping, for <see cref="PredictionEngine{TSrc, TDst}"/>.</summary>
    public static IRowToRowMapper RowToRowMapper(DataViewSchema inputSchema, IBatchMapper mapper)
        => new RowMapper(inputSchema, mapper, OutputSchema(inputSchema, mapper));

    /// <summary>The input columns the mapper reads.</summary>
    internal static IEnumerable<DataViewSchema.Column> ModelInputs(DataViewSchema schema, IBatchMapper mapper)
        => mapper.Inputs.Select(c => schema[c.Name]);
}
