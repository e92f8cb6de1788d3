using System;
using System.Linq;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>
/// Builds the inputs the conformance suite feeds a family: its training data's column under another type,
/// and each kind of bad row its input columns can meet. A family with vector inputs and one with text
/// inputs pass the same contract through their own factory; a kind of bad input a column cannot hold
/// (e.g. NaN in text) is null and its check does not apply.
/// </summary>
public abstract class RowFactory
{
    /// <summary>The main input column, which errors must name.</summary>
    public abstract string Column { get; }

    /// <summary>The data with <see cref="Column"/> converted to a type the family does not accept.</summary>
    public abstract IDataView WrongType(IDataView data);

    /// <summary>Rows whose vector has another declared size, or null.</summary>
    public virtual IDataView? WrongVectorSize(IDataView data) => null;

    /// <summary>The data with <paramref name="value"/> at row <paramref name="row"/>, or null when the column holds no numbers.</summary>
    public virtual IDataView? WithValue(IDataView data, int row, int slot, float value) => null;

    /// <summary>The data with row <paramref name="row"/>'s vector one value short although the schema states the size (what a PredictionEngine input class with a short array gives), or null.</summary>
    public virtual IDataView? WithShortRow(IDataView data, int row) => null;

    /// <summary>The data with values outside the range the fitted model accepts, or null when it accepts any.</summary>
    public virtual IDataView? OutOfRange(IDataView data) => null;
}

/// <summary>A known-size Single vector column (images or tabular rows), with any other columns kept.</summary>
public sealed class VectorRowFactory(string column, float? outOfRangeValue = null) : RowFactory
{
    public override string Column => column;

    public override IDataView WrongType(IDataView data)
        => new MLContext(1).Transforms.Conversion.ConvertType(column, outputKind: DataKind.Double).Fit(data).Transform(data);

    public override IDataView? WrongVectorSize(IDataView data)
    {
        var size = ((VectorDataViewType)data.Schema[column].Type).Size;
        return new InMemoryDataView.Builder().AddVector(column, new float[2 * (size + 3)], size + 3).Build();
    }

    public override IDataView? WithValue(IDataView data, int row, int slot, float value)
        => new TamperedVectorView(data, column, row, values => values.Select((v, i) => i == slot ? value : v).ToArray());

    public override IDataView? WithShortRow(IDataView data, int row)
        => new TamperedVectorView(data, column, row, values => values[..^1]);

    public override IDataView? OutOfRange(IDataView data)
        => outOfRangeValue is { } bad ? new TamperedVectorView(data, column, -1, values => values.Select(v => v * bad).ToArray()) : null;
}

/// <summary>A text column.</summary>
public sealed class TextRowFactory(string column) : RowFactory
{
    public override string Column => column;

    public override IDataView WrongType(IDataView data)
    {
        var rows = (int)(data.GetRowCount() ?? 10);
        return new InMemoryDataView.Builder().AddScalar(column, new float[rows]).Build();
    }
}
