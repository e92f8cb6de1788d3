using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core;

/// <summary>Builds estimator output schemas (<see cref="SchemaShape"/>), whose column constructor ML.NET keeps internal.</summary>
internal static class SchemaShapes
{
    /// <summary>Checks the input column is a known-size Single vector (or a Single scalar); returns the input columns by name.</summary>
    public static Dictionary<string, SchemaShape.Column> CheckVectorInput(SchemaShape inputSchema, string columnName)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.TryFindColumn(columnName, out var column))
        {
            throw new ArgumentException(
                $"Column '{columnName}' was not found in the input schema. Available columns: {string.Join(", ", inputSchema.Select(c => $"'{c.Name}'"))}.",
                nameof(inputSchema));
        }

        var isFloat = column.ItemType == NumberDataViewType.Single;
        var knownSize = column.Kind is SchemaShape.Column.VectorKind.Vector or SchemaShape.Column.VectorKind.Scalar;
        if (!isFloat || !knownSize)
        {
            throw new ArgumentException(
                $"Column '{columnName}' must be a known-size vector of Single (float); it is a {column.Kind} of {column.ItemType}.",
                nameof(inputSchema));
        }

        return inputSchema.ToDictionary(c => c.Name);
    }

    /// <summary>Checks a label column is a key or numeric scalar.</summary>
    public static void CheckLabelInput(SchemaShape inputSchema, string columnName)
    {
        if (!inputSchema.TryFindColumn(columnName, out var column))
        {
            throw new ArgumentException($"Label column '{columnName}' was not found in the input schema.", nameof(inputSchema));
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || !(column.IsKey || column.ItemType is NumberDataViewType))
        {
            throw new ArgumentException($"Label column '{columnName}' must be a key or numeric scalar; it is a {column.Kind} of {column.ItemType}.", nameof(inputSchema));
        }
    }

    public static void AddVector(Dictionary<string, SchemaShape.Column> columns, string name)
        => columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);

    public static void AddScalar(Dictionary<string, SchemaShape.Column> columns, string name)
        => columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
}
