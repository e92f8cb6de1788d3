using System;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// A known-size vector of Single (e.g. an image of <c>(C, H, W)</c> or a row of tabular features). Each
/// row must have exactly <see cref="Shape"/>'s size, finite values (NaN allowed only where
/// <see cref="AllowMissing"/>) inside <see cref="Range"/> when one is set.
/// </summary>
internal sealed class FeatureInput : InputColumn
{
    public FeatureInput(string name, VectorShape shape, ValueRange? range = null, bool allowMissing = false)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        Range = range;
        AllowMissing = allowMissing;
    }

    public VectorShape Shape { get; }

    public ValueRange? Range { get; }

    public bool AllowMissing { get; }

    /// <summary>The same column reading NaN as "missing" (for imputation).</summary>
    public FeatureInput WithMissingAllowed() => new(Name, Shape, Range, allowMissing: true);

    /// <summary>
    /// The shape of a known-size Single vector column; errors name the column for a missing column, another
    /// item type, a variable-size vector or a scalar.
    /// </summary>
    public static VectorShape ShapeOf(DataViewSchema schema, string name)
    {
        var column = Find(schema, name);
        return column.Type switch
        {
            VectorDataViewType { IsKnownSize: true } v when v.ItemType == NumberDataViewType.Single => VectorShape.From(v),
            VectorDataViewType v when v.ItemType == NumberDataViewType.Single => throw new ArgumentException(
                $"Column '{name}' is a vector of Single of unknown size; the model needs a known size. " +
                "Give it one (e.g. [VectorType(n)] on a class property, or a loader with a fixed column range).", nameof(schema)),
            NumberDataViewType n when n == NumberDataViewType.Single => throw new ArgumentException(
                $"Column '{name}' is a scalar Single; the model needs a vector column. " +
                $"Put your feature columns into one vector first, e.g. mlContext.Transforms.Concatenate(\"{name}\", ...).", nameof(schema)),
            _ => throw new ArgumentException(
                $"Column '{name}' must be a known-size vector of Single (float); it is {column.Type}. " +
                "Convert it first, e.g. with mlContext.Transforms.Conversion.ConvertType or Concatenate.", nameof(schema)),
        };
    }

    public override void Check(DataViewSchema schema)
    {
        var shape = ShapeOf(schema, Name);
        if (shape.Size != Shape.Size)
        {
            throw new ArgumentException($"Column '{Name}' has {shape.Size} values per row; the model expects {Shape.Size}.", nameof(schema));
        }
    }

    public override void Check(SchemaShape schema)
    {
        var column = Find(schema, Name);
        if (column.ItemType != NumberDataViewType.Single || column.Kind != SchemaShape.Column.VectorKind.Vector)
        {
            throw new ArgumentException(
                $"Column '{Name}' must be a known-size vector of Single (float); it is a {column.Kind} of {column.ItemType}.", nameof(schema));
        }
    }

    /// <summary>The input schema check an estimator makes before it has seen data (no size yet).</summary>
    public static void CheckShape(SchemaShape schema, string name)
    {
        var column = Find(schema, name);
        if (column.ItemType != NumberDataViewType.Single || column.Kind != SchemaShape.Column.VectorKind.Vector)
        {
            throw new ArgumentException(
                $"Column '{name}' must be a known-size vector of Single (float); it is a {column.Kind} of {column.ItemType}.", nameof(schema));
        }
    }

    public override ColumnBuffer CreateBuffer(int capacity) => new FloatBuffer(capacity, Shape.Size);

    public override RowReader CreateReader(DataViewRow row, ColumnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = (FloatBuffer)buffer;
        var getter = row.GetGetter<VBuffer<float>>(row.Schema[Name]);
        var value = default(VBuffer<float>);
        var size = Shape.Size;
        return (index, position) =>
        {
            getter(ref value);
            if (value.Length != size)
            {
                throw new InvalidOperationException(
                    $"Column '{Name}', row {position}: the row has {value.Length} values; the model expects {size}. " +
                    "Every row of a vector column must have the declared length.");
            }

            var destination = target.Row(index);
            value.CopyTo(destination);
            Validate(destination, position);
        };
    }

    /// <summary>Throws when a value is non-finite (NaN allowed if <see cref="AllowMissing"/>) or outside <see cref="Range"/>.</summary>
    public void Validate(ReadOnlySpan<float> values, long position)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!float.IsFinite(v))
            {
                if (AllowMissing && float.IsNaN(v))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"Column '{Name}', row {position}, slot {i} holds {v}. GenAi.MLNet models need finite inputs: " +
                    "replace missing values first (e.g. mlContext.Transforms.ReplaceMissingValues); a fitted autoencoder or VAE can fill them in with Impute.");
            }

            if (Range is { } range && !range.Contains(v))
            {
                throw new InvalidOperationException(
                    $"Column '{Name}', row {position}, slot {i} holds {v}, outside [{range.Min}, {range.Max}]: {range.Why}");
            }
        }
    }

    public override SavedInput ToSaved() => new()
    {
        Kind = SavedInputKind.Features,
        Name = Name,
        Dimensions = Shape.Dimensions,
        RangeMin = Range?.Min,
        RangeMax = Range?.Max,
        RangeWhy = Range?.Why,
    };
}
