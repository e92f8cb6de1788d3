using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core;

/// <summary>Shape of a float vector column: its length and, when known, its dimensions, e.g. <c>(1, 28, 28)</c>.</summary>
/// <param name="Size">Number of values per row.</param>
/// <param name="Dimensions">The vector's dimensions, or a single entry equal to <paramref name="Size"/>.</param>
public sealed record VectorShape(int Size, int[] Dimensions)
{
    /// <summary>The image shape (channels, height, width) when the dimensions describe one, else null.</summary>
    public (int Channels, int Height, int Width)? Image => Dimensions.Length switch
    {
        3 => (Dimensions[0], Dimensions[1], Dimensions[2]),
        2 => (1, Dimensions[0], Dimensions[1]),
        _ => null,
    };

    /// <summary>The ML.NET vector type with these dimensions.</summary>
    public VectorDataViewType ToVectorType() => new(NumberDataViewType.Single, Dimensions);

    /// <summary>A vector shape from an ML.NET type.</summary>
    public static VectorShape From(VectorDataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new VectorShape(type.Size, type.Dimensions.ToArray());
    }

    /// <summary>An image shape.</summary>
    public static VectorShape ForImage(int channels, int height, int width)
        => new(channels * height * width, [channels, height, width]);
}

/// <summary>A check of one input row; throws to reject it.</summary>
/// <param name="row">The row's values.</param>
/// <param name="position">The row's position in the data.</param>
public delegate void RowCheck(ReadOnlySpan<float> row, long position);

/// <summary>
/// Checks input columns and reads them into arrays, with errors that name the column, the row and
/// the problem (missing column, wrong type, wrong length, NaN or infinity, no rows).
/// </summary>
public static class ColumnReader
{
    /// <summary>Checks that <paramref name="columnName"/> is a known-size vector of Single and returns its shape.</summary>
    /// <param name="schema">The schema to look in.</param>
    /// <param name="columnName">The column.</param>
    /// <param name="expectedSize">When given, the length the column must have (the size a model was trained on).</param>
    /// <exception cref="ArgumentException">The column is missing, has the wrong type, or the wrong length.</exception>
    public static VectorShape CheckVectorColumn(DataViewSchema schema, string columnName, int? expectedSize = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(columnName);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException(
                $"Column '{columnName}' was not found in the input data. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.",
                nameof(schema));
        var shape = column.Type switch
        {
            VectorDataViewType { IsKnownSize: true } v when v.ItemType == NumberDataViewType.Single => VectorShape.From(v),
            NumberDataViewType n when n == NumberDataViewType.Single => new VectorShape(1, [1]),
            _ => throw new ArgumentException(
                $"Column '{columnName}' must be a known-size vector of Single (float); it is {column.Type}. " +
                "Convert it first, e.g. with mlContext.Transforms.Conversion.ConvertType or Concatenate.",
                nameof(schema)),
        };
        if (expectedSize is { } size && shape.Size != size)
        {
            throw new ArgumentException(
                $"Column '{columnName}' has {shape.Size} values per row; the model expects {size}.", nameof(schema));
        }

        return shape;
    }

    /// <summary>
    /// Checks that <paramref name="columnName"/> holds class labels: a key type, or a numeric type holding
    /// whole numbers. Returns the number of classes when the type states it (key types), else null.
    /// </summary>
    public static int? CheckLabelColumn(DataViewSchema schema, string columnName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Label column '{columnName}' was not found in the input data.", nameof(schema));
        return column.Type switch
        {
            KeyDataViewType key => checked((int)key.Count),
            NumberDataViewType => null,
            _ => throw new ArgumentException(
                $"Label column '{columnName}' must be a key type (use MapValueToKey) or numeric; it is {column.Type}.", nameof(schema)),
        };
    }

    /// <summary>
    /// Reads a float vector column into a row-major array, checking that every value is finite.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data has no rows, or a value is NaN or infinite (the message names the row and slot).</exception>
    public static float[] ReadVectors(IDataView data, string columnName, int size, out int rows, RowCheck? check = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema[columnName];
        var values = new List<float>(checked((int)Math.Min((data.GetRowCount() ?? 1024) * size, int.MaxValue / 2)));
        using var cursor = data.GetRowCursor([column]);
        var getter = MakeVectorGetter(cursor, column);
        var buffer = new float[size];
        rows = 0;
        while (cursor.MoveNext())
        {
            getter(buffer);
            CheckFinite(buffer, columnName, cursor.Position);
            check?.Invoke(buffer, cursor.Position);
            values.AddRange(buffer);
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"The input data has no rows (column '{columnName}').");
        }

        return values.ToArray();
    }

    /// <summary>
    /// Reads class labels as zero-based class indices: a key's value minus one, or a number that must be a
    /// non-negative whole number.
    /// </summary>
    public static int[] ReadLabels(IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema[columnName];
        using var cursor = data.GetRowCursor([column]);
        var getter = MakeLabelGetter(cursor, column);
        var labels = new List<int>();
        while (cursor.MoveNext())
        {
            labels.Add(getter());
        }

        return labels.ToArray();
    }

    /// <summary>A getter that copies a vector (or a scalar) column into a dense span.</summary>
    internal static Action<Span<float>> MakeVectorGetter(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType)
        {
            var getter = row.GetGetter<VBuffer<float>>(column);
            var buffer = default(VBuffer<float>);
            return destination =>
            {
                getter(ref buffer);
                buffer.CopyTo(destination);
            };
        }

        var scalar = row.GetGetter<float>(column);
        return destination =>
        {
            var value = 0f;
            scalar(ref value);
            destination[0] = value;
        };
    }

    /// <summary>A getter returning the zero-based class index of a key or whole-number label column.</summary>
    internal static Func<int> MakeLabelGetter(DataViewRow row, DataViewSchema.Column column)
    {
        var name = column.Name;
        switch (column.Type)
        {
            case KeyDataViewType:
                {
                    var getter = RowCursorUtils.GetGetterAs<uint>(NumberDataViewType.UInt32, row, column.Index);
                    return () =>
                    {
                        uint key = 0;
                        getter(ref key);
                        if (key == 0)
                        {
                            throw new InvalidOperationException($"Label column '{name}', row {row.Position}: the key is missing (0).");
                        }

                        return (int)(key - 1);
                    };
                }

            case NumberDataViewType:
                {
                    var getter = RowCursorUtils.GetGetterAs<double>(NumberDataViewType.Double, row, column.Index);
                    return () =>
                    {
                        double value = 0;
                        getter(ref value);
                        if (!(value >= 0) || value != Math.Floor(value) || value > int.MaxValue)
                        {
                            throw new InvalidOperationException(
                                $"Label column '{name}', row {row.Position}: {value} is not a class index (a non-negative whole number).");
                        }

                        return (int)value;
                    };
                }

            default:
                throw new ArgumentException($"Label column '{name}' must be a key or numeric type; it is {column.Type}.");
        }
    }

    /// <summary>A <see cref="RowCheck"/> that every value lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static RowCheck InRange(string columnName, float min, float max, string why) => (row, position) =>
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] < min || row[i] > max)
            {
                throw new ArgumentException(
                    $"Column '{columnName}', row {position}, slot {i} holds {row[i]}, outside [{min}, {max}]: {why}", columnName);
            }
        }
    };

    /// <summary>Throws when a value is NaN or infinite, naming the column, row and slot.</summary>
    internal static void CheckFinite(ReadOnlySpan<float> values, string columnName, long row)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidOperationException(
                    $"Column '{columnName}', row {row}, slot {i} holds {values[i]}. GenAi.MLNet models need finite inputs: " +
                    "replace missing values first (e.g. mlContext.Transforms.ReplaceMissingValues) or use Impute.");
            }
        }
    }
}
