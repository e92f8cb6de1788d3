using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>A column a fitted model appends: name, kind, and the vector dimensions or key names.</summary>
internal sealed class OutputColumn
{
    private OutputColumn(string name, OutputKind kind, VectorShape? shape, IReadOnlyList<string>? keyNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        Shape = shape;
        KeyNames = keyNames;
    }

    public string Name { get; }

    public OutputKind Kind { get; }

    /// <summary>The dimensions of a float vector column.</summary>
    public VectorShape? Shape { get; }

    /// <summary>The class names of a key column.</summary>
    public IReadOnlyList<string>? KeyNames { get; }

    /// <summary>Values per row in the output buffer (vector size, or 1).</summary>
    public int Width => Shape?.Size ?? 1;

    public static OutputColumn Float(string name) => new(name, OutputKind.Float, null, null);

    public static OutputColumn Vector(string name, VectorShape shape) => new(name, OutputKind.FloatVector, shape, null);

    public static OutputColumn Boolean(string name) => new(name, OutputKind.Boolean, null, null);

    public static OutputColumn Key(string name, IReadOnlyList<string> classNames) => new(name, OutputKind.Key, null, classNames.ToArray());

    public static OutputColumn Text(string name) => new(name, OutputKind.Text, null, null);

    public static OutputColumn Tokens(string name) => new(name, OutputKind.Tokens, null, null);

    public DataViewType Type => Kind switch
    {
        OutputKind.Float => NumberDataViewType.Single,
        OutputKind.FloatVector => Shape!.ToVectorType(),
        OutputKind.Boolean => BooleanDataViewType.Instance,
        OutputKind.Key => new KeyDataViewType(typeof(uint), KeyNames!.Count),
        OutputKind.Text => TextDataViewType.Instance,
        OutputKind.Tokens => new VectorDataViewType(NumberDataViewType.Int64),
        _ => throw new InvalidOperationException($"Unknown output kind {Kind}."),
    };

    /// <summary>Key values for a key column, else null.</summary>
    public DataViewSchema.Annotations? Annotations
    {
        get
        {
            if (Kind != OutputKind.Key)
            {
                return null;
            }

            var names = new VBuffer<ReadOnlyMemory<char>>(KeyNames!.Count, KeyNames.Select(n => n.AsMemory()).ToArray());
            var builder = new DataViewSchema.Annotations.Builder();
            builder.AddKeyValues(KeyNames.Count, TextDataViewType.Instance, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
            return builder.ToAnnotations();
        }
    }

    /// <summary>The column as an estimator's output schema shape describes it.</summary>
    public SchemaShape.Column ToShapeColumn() => Kind switch
    {
        OutputKind.Float => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false),
        OutputKind.FloatVector => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
        OutputKind.Boolean => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false),
        OutputKind.Key => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape([new SchemaShape.Column(AnnotationUtils.Kinds.KeyValues, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false)])),
        OutputKind.Text => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, false),
        OutputKind.Tokens => new SchemaShape.Column(Name, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Int64, false),
        _ => throw new InvalidOperationException($"Unknown output kind {Kind}."),
    };

    /// <summary>A shape column for GetOutputSchema before the vector size is known.</summary>
    public static SchemaShape.Column ShapeOf(string name, OutputKind kind) => kind switch
    {
        OutputKind.FloatVector => new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
        OutputKind.Key => new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true,
            new SchemaShape([new SchemaShape.Column(AnnotationUtils.Kinds.KeyValues, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance, false)])),
        _ => new OutputColumn(name, kind, kind == OutputKind.FloatVector ? new VectorShape(1, [1]) : null, kind == OutputKind.Key ? ["0"] : null).ToShapeColumn(),
    };
}
