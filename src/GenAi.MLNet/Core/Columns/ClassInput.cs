using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>
/// A class-label column: a key type (classes are its key values, or "0".."K-1" without them) or a numeric
/// column whose distinct values are the classes, in ascending order. Rows are read as zero-based class
/// indices. Keys are matched by their key values when both the training and the scored column have them,
/// so a column built by another <c>MapValueToKey</c> (other order) still reads the right classes.
/// </summary>
internal sealed class ClassInput : InputColumn
{
    private readonly Dictionary<double, int>? _indexOfValue;

    /// <param name="name">Column name.</param>
    /// <param name="classNames">Class names, by index.</param>
    /// <param name="numericValues">For a numeric column, the value of each class (ascending); null for a key column.</param>
    public ClassInput(string name, IReadOnlyList<string> classNames, IReadOnlyList<double>? numericValues)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
        {
            throw new ArgumentException($"Label column '{name}' has no classes.", nameof(classNames));
        }

        ClassNames = classNames.ToArray();
        var values = numericValues?.ToArray();
        NumericValues = values;
        if (values is not null)
        {
            if (values.Length != ClassNames.Count)
            {
                throw new ArgumentException($"Label column '{name}': {values.Length} class values for {ClassNames.Count} class names.", nameof(numericValues));
            }

            _indexOfValue = new Dictionary<double, int>();
            for (var i = 0; i < values.Length; i++)
            {
                _indexOfValue[values[i]] = i;
            }
        }
    }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The classes of a Boolean label column: false is class 0, true class 1.</summary>
    public static IReadOnlyList<string> BooleanClasses { get; } = ["False", "True"];

    /// <summary>True when the classes are a Boolean column's (read from Boolean or 0/1 numeric columns).</summary>
    public bool IsBoolean => NumericValues is [0, 1] && ClassNames.SequenceEqual(BooleanClasses);

    /// <summary>The numeric value of each class, or null for a key column.</summary>
    public IReadOnlyList<double>? NumericValues { get; }

    /// <summary>The zero-based index of the class named <paramref name="className"/>.</summary>
    /// <exception cref="ArgumentException">No class has that name; the message lists the classes.</exception>
    public int IndexOf(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        for (var i = 0; i < ClassNames.Count; i++)
        {
            if (string.Equals(ClassNames[i], className, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"No class '{className}' in label column '{Name}'. Classes: {string.Join(", ", ClassNames.Take(30).Select(n => $"'{n}'"))}{(ClassNames.Count > 30 ? ", ..." : "")}.", nameof(className));
    }

    /// <summary>
    /// Resolves the classes of <paramref name="name"/> in <paramref name="data"/>: from a key type's key values
    /// (no data pass), or from the distinct values of a numeric column (one pass).
    /// </summary>
    /// <exception cref="ArgumentException">Missing column, wrong type, or more than <paramref name="maxClasses"/> classes.</exception>
    public static ClassInput Describe(IDataView data, string name, int maxClasses, string maxClassesOption)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = Find(data.Schema, name, "Label column");
        switch (column.Type)
        {
            case KeyDataViewType key:
                {
                    if (key.Count > (ulong)maxClasses)
                    {
                        throw new ArgumentException(
                            $"Label column '{name}' is a key type with {key.Count:N0} values; at most {maxClasses:N0} classes are supported ({maxClassesOption}). Is it really a class column?",
                            nameof(data));
                    }

                    var count = (int)key.Count;
                    if (count == 0)
                    {
                        throw new ArgumentException($"Label column '{name}' is a key type of unknown cardinality; map it with MapValueToKey first.", nameof(data));
                    }

                    return new ClassInput(name, KeyNames(column) ?? Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), null);
                }

            case BooleanDataViewType:
                return new ClassInput(name, BooleanClasses, [0, 1]);

            case NumberDataViewType:
                {
                    var values = new SortedSet<double>();
                    using var cursor = data.GetRowCursor([column]);
                    var getter = RowCursorUtils.GetGetterAs<double>(NumberDataViewType.Double, cursor, column.Index);
                    double value = 0;
                    while (cursor.MoveNext())
                    {
                        getter(ref value);
                        if (!double.IsFinite(value))
                        {
                            throw new InvalidOperationException($"Label column '{name}', row {cursor.Position} holds {value}: a class label must be a finite number.");
                        }

                        if (value != Math.Round(value))
                        {
                            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                                $"Label column '{name}', row {cursor.Position} holds {value}: a numeric class label must be a whole number. ") +
                                "A continuous column is not a class: bin it into whole-number classes first, or pass a key column (MapValueToKey).");
                        }

                        if (values.Add(value) && values.Count > maxClasses)
                        {
                            throw new ArgumentException(
                                $"Label column '{name}' has more than {maxClasses:N0} distinct values; at most {maxClasses:N0} classes are supported ({maxClassesOption}). Is it really a class column?",
                                nameof(data));
                        }
                    }

                    if (values.Count == 0)
                    {
                        throw new InvalidOperationException($"The input data has no rows (column '{name}').");
                    }

                    return new ClassInput(name, values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(), values.ToArray());
                }

            default:
                throw new ArgumentException(
                    $"Label column '{name}' must be a key type (use MapValueToKey), numeric or Boolean; it is {column.Type}.", nameof(data));
        }
    }

    public override void Check(DataViewSchema schema)
    {
        var column = Find(schema, Name, "Label column");
        switch (column.Type)
        {
            case KeyDataViewType key when NumericValues is null:
                if (KeyNames(column) is null && (int)key.Count != ClassNames.Count)
                {
                    throw new ArgumentException($"Label column '{Name}' has {key.Count} key values; the model was trained on {ClassNames.Count} classes.", nameof(schema));
                }

                return;
            case NumberDataViewType:
            case KeyDataViewType:
                return;
            case BooleanDataViewType when IsBoolean:
                return;
            default:
                throw new ArgumentException($"Label column '{Name}' must be {(IsBoolean ? "Boolean (or numeric 0/1)" : "a key type or numeric")}; it is {column.Type}.", nameof(schema));
        }
    }

    public override void Check(SchemaShape schema) => CheckShape(schema, Name);

    /// <summary>The estimator-time check: a key or numeric scalar.</summary>
    public static void CheckShape(SchemaShape schema, string name)
    {
        var column = Find(schema, name, "Label column");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || !(column.IsKey || column.ItemType is NumberDataViewType || column.ItemType is BooleanDataViewType))
        {
            throw new ArgumentException($"Label column '{name}' must be a key, numeric or Boolean scalar; it is a {column.Kind} of {column.ItemType}.", nameof(schema));
        }
    }

    public override ColumnBuffer CreateBuffer(int capacity) => new ClassBuffer(capacity);

    public override RowReader CreateReader(DataViewRow row, ColumnBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = (ClassBuffer)buffer;
        var column = row.Schema[Name];
        if (column.Type is KeyDataViewType key)
        {
            var map = KeyToClass(column, key);
            var getter = RowCursorUtils.GetGetterAs<uint>(NumberDataViewType.UInt32, row, column.Index);
            uint value = 0;
            return (index, position) =>
            {
                getter(ref value);
                if (value == 0 || value > map.Length)
                {
                    throw new InvalidOperationException($"Label column '{Name}', row {position}: the key is missing ({value}).");
                }

                var cls = map[value - 1];
                if (cls < 0)
                {
                    throw new InvalidOperationException($"Label column '{Name}', row {position}: class '{KeyNames(column)![value - 1]}' was not among the training classes.");
                }

                target.Values[index] = cls;
            };
        }

        if (column.Type is BooleanDataViewType)
        {
            var flag = row.GetGetter<bool>(column);
            var value = false;
            return (index, _) =>
            {
                flag(ref value);
                target.Values[index] = value ? 1 : 0;
            };
        }

        var numeric = RowCursorUtils.GetGetterAs<double>(NumberDataViewType.Double, row, column.Index);
        double number = 0;
        return (index, position) =>
        {
            numeric(ref number);
            target.Values[index] = ClassOf(number, position);
        };
    }

    private int ClassOf(double value, long position)
    {
        if (_indexOfValue is not null)
        {
            return _indexOfValue.TryGetValue(value, out var index)
                ? index
                : throw new InvalidOperationException(
                    $"Label column '{Name}', row {position} holds {value}, which is not one of the {ClassNames.Count} training classes ({string.Join(", ", ClassNames.Take(10))}{(ClassNames.Count > 10 ? ", ..." : "")}).");
        }

        // A key-trained model reading a numeric column: the value is the zero-based class index.
        return value >= 0 && value < ClassNames.Count && value == Math.Floor(value)
            ? (int)value
            : throw new InvalidOperationException($"Label column '{Name}', row {position} holds {value}; the model expects a class index in [0, {ClassNames.Count}).");
    }

    /// <summary>For each key of the scored column, the training class index (-1 when unknown).</summary>
    private int[] KeyToClass(DataViewSchema.Column column, KeyDataViewType key)
    {
        var names = KeyNames(column);
        if (NumericValues is null && names is not null && ClassNames.Count > 0)
        {
            return names.Select(n => ClassNames.ToList().IndexOf(n)).ToArray();
        }

        if (NumericValues is not null && names is not null)
        {
            return names.Select(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && _indexOfValue!.TryGetValue(v, out var i) ? i : -1).ToArray();
        }

        var count = (int)Math.Min(key.Count, int.MaxValue);
        return Enumerable.Range(0, count).Select(i => i < ClassNames.Count ? i : -1).ToArray();
    }

    /// <summary>A key column's key values as text (any key-value type), or null when it has none.</summary>
    internal static string[]? KeyNames(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues);
        if (annotation is not { Type: VectorDataViewType { ItemType: { } item } })
        {
            return null;
        }

        var read = typeof(ClassInput).GetMethod(nameof(ReadKeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(item.RawType);
        return (string[])read.Invoke(null, [column])!;
    }

    private static string[] ReadKeyValues<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(AnnotationUtils.Kinds.KeyValues, ref values);
        return values.DenseValues().Select(v => v is ReadOnlyMemory<char> text ? text.ToString() : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "").ToArray();
    }

    public override SavedInput ToSaved() => new()
    {
        Kind = SavedInputKind.Classes,
        Name = Name,
        ClassNames = ClassNames.ToArray(),
        ClassValues = NumericValues?.ToArray(),
    };
}
