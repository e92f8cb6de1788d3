using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>
/// The contract every GenAi.MLNet estimator meets. A family's test class derives from this, says how to
/// build its estimator at a small budget and which columns it appends, and inherits every test.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer type.</typeparam>
[Collection(TorchCollection.Name)]
public abstract class EstimatorConformanceTests<TTransformer>
    where TTransformer : class, ITransformer
{
    /// <summary>Builds the estimator at a small budget; <paramref name="configure"/> edits the options first.</summary>
    protected abstract IEstimator<TTransformer> CreateEstimator(MLContext mlContext, Action<TorchTrainerOptions>? configure = null);

    /// <summary>Training data: a real data set, small.</summary>
    protected abstract IDataView TrainingData();

    /// <summary>Data to transform (another part of the same data set).</summary>
    protected abstract IDataView ScoringData();

    /// <summary>The columns the transformer appends, compared between runs.</summary>
    protected abstract string[] OutputColumns { get; }

    /// <summary>Changes options so that the first step's loss is not finite.</summary>
    protected abstract void MakeDiverge(TorchTrainerOptions options);

    protected virtual string FeatureColumn => "Features";

    /// <summary>The class column a conditional estimator reads, or null.</summary>
    protected virtual string? LabelColumn => null;

    /// <summary>A view with the given feature rows and whatever else the estimator needs (e.g. labels).</summary>
    protected virtual IDataView WithFeatures(float[][] rows) => FeatureView(rows).Build();

    /// <summary>A builder holding the feature rows, shaped like the training features when the sizes agree.</summary>
    protected InMemoryDataView.Builder FeatureView(float[][] rows)
    {
        var size = rows.Length > 0 ? rows[0].Length : FeatureShape.Size;
        var dims = size == FeatureShape.Size ? FeatureShape.Dimensions : null;
        return new InMemoryDataView.Builder().AddVector(FeatureColumn, rows.SelectMany(r => r).ToArray(), size, dims);
    }

    protected VectorShape FeatureShape => ColumnReader.CheckVectorColumn(TrainingData().Schema, FeatureColumn);

    private TTransformer Fit(int seed = 1, Action<TorchTrainerOptions>? configure = null)
        => CreateEstimator(new MLContext(seed), configure).Fit(TrainingData());

    private List<float[]> Outputs(ITransformer model) => TestData.ReadColumns(model.Transform(ScoringData()), OutputColumns);

    [Fact]
    public void Output_schema_matches_GetOutputSchema()
    {
        var estimator = CreateEstimator(new MLContext(1));
        var shape = estimator.GetOutputSchema(SchemaShape.Create(TrainingData().Schema));
        var model = estimator.Fit(TrainingData());
        var schema = model.Transform(ScoringData()).Schema;
        Assert.Equal(schema, model.GetOutputSchema(ScoringData().Schema), new SchemaComparer());
        foreach (var column in OutputColumns)
        {
            Assert.True(shape.TryFindColumn(column, out var expected), $"GetOutputSchema lacks '{column}'");
            var actual = schema[column];
            Assert.Equal(expected.ItemType, actual.Type.GetItemType());
            Assert.Equal(expected.Kind == SchemaShape.Column.VectorKind.Vector, actual.Type is VectorDataViewType);
        }

        Assert.Equal(schema.Count(c => !c.IsHidden), shape.Count);
    }

    [Fact]
    public void Save_and_load_give_identical_outputs_in_a_fresh_context()
    {
        var model = Fit();
        var expected = Outputs(model);
        var path = TempFile();
        var ml = new MLContext(1);
        ml.Model.Save(model, TrainingData().Schema, path);
        var loaded = new MLContext(7).Model.Load(path, out var schema);
        Assert.Equal(FeatureColumn, schema[FeatureColumn].Name);
        AssertSame(expected, Outputs(loaded));
    }

    [Fact]
    public void Save_and_load_give_identical_outputs_in_a_fresh_process()
    {
        var model = Fit();
        var path = TempFile();
        new MLContext(1).Model.Save(model, TrainingData().Schema, path);
        var inputPath = TempFile();
        var rows = TestData.ReadColumns(ScoringData(), FeatureColumn);
        if (LabelColumn is { } label)
        {
            // The child process rebuilds the label column from a last value per row.
            var labels = ColumnReader.ReadLabels(ScoringData(), label);
            rows = rows.Select((r, i) => r.Append(labels[i]).ToArray()).ToList();
        }

        ProcessEntry.WriteMatrix(inputPath, rows);
        var outputPath = TempFile();
        ProcessEntry.Run("transform", path, inputPath, FeatureColumn, outputPath, string.Join(",", OutputColumns), LabelColumn ?? "");
        AssertSame(Outputs(model), ProcessEntry.ReadMatrix(outputPath));
    }

    [Fact]
    public void Whole_pipeline_round_trips_in_one_zip()
    {
        var ml = new MLContext(1);
        // An ML.NET transform before ours (copy + a no-op normalisation kept in the chain) and one after.
        var pipeline = ml.Transforms.CopyColumns("Input", FeatureColumn)
            .Append(ml.Transforms.NormalizeMinMax("Input", fixZero: true))
            .Append(ml.Transforms.DropColumns("Input"))
            .Append(CreateEstimator(ml))
            .Append(ml.Transforms.CopyColumns("Copied", OutputColumns[0]));
        var model = pipeline.Fit(TrainingData());
        var expected = TestData.ReadColumns(model.Transform(ScoringData()), [.. OutputColumns, "Copied"]);
        var path = TempFile();
        ml.Model.Save(model, TrainingData().Schema, path);
        var loaded = new MLContext(3).Model.Load(path, out _);
        AssertSame(expected, TestData.ReadColumns(loaded.Transform(ScoringData()), [.. OutputColumns, "Copied"]));
    }

    [Fact]
    public void Same_seed_gives_same_outputs_and_another_seed_differs()
    {
        var a = Outputs(Fit(seed: 1));
        var b = Outputs(Fit(seed: 1));
        var c = Outputs(Fit(seed: 2));
        AssertSame(a, b);
        Assert.NotEqual(Flatten(a), Flatten(c));
    }

    [Fact]
    public void Missing_column_is_reported_by_name()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.CopyColumns("Other", FeatureColumn).Append(ml.Transforms.DropColumns(FeatureColumn)).Fit(TrainingData()).Transform(TrainingData());
        var fit = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).Fit(data));
        Assert.Contains($"'{FeatureColumn}'", fit.Message, StringComparison.Ordinal);
        var schema = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains($"'{FeatureColumn}'", schema.Message, StringComparison.Ordinal);
        var model = Fit();
        var transform = Assert.ThrowsAny<ArgumentException>(() => model.Transform(data));
        Assert.Contains($"'{FeatureColumn}'", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_column_type_is_reported_by_name()
    {
        var ml = new MLContext(1);
        var data = ml.Transforms.Conversion.ConvertType(FeatureColumn, outputKind: DataKind.Double).Fit(TrainingData()).Transform(TrainingData());
        var fit = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).Fit(data));
        Assert.Contains($"'{FeatureColumn}'", fit.Message, StringComparison.Ordinal);
        Assert.Contains("Single", fit.Message, StringComparison.Ordinal);
        var schema = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains($"'{FeatureColumn}'", schema.Message, StringComparison.Ordinal);
        var transform = Assert.ThrowsAny<ArgumentException>(() => Fit().Transform(data));
        Assert.Contains($"'{FeatureColumn}'", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_vector_size_is_reported_by_name()
    {
        var model = Fit();
        var size = TestData.ReadColumns(TrainingData(), FeatureColumn)[0].Length;
        var data = WithFeatures([new float[size + 3], new float[size + 3]]);
        var e = Assert.ThrowsAny<ArgumentException>(() => model.Transform(data));
        Assert.Contains($"'{FeatureColumn}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_values_are_reported_by_column_and_row(float bad)
    {
        var rows = TestData.ReadColumns(TrainingData(), FeatureColumn);
        rows[5][3] = bad;
        var data = WithFeatures(rows.ToArray());
        var fit = Assert.ThrowsAny<InvalidOperationException>(() => CreateEstimator(new MLContext(1)).Fit(data));
        Assert.Contains($"'{FeatureColumn}', row 5", fit.Message, StringComparison.Ordinal);
        var model = Fit();
        var transform = Assert.ThrowsAny<InvalidOperationException>(() => TestData.ReadColumns(model.Transform(data), OutputColumns));
        Assert.Contains($"'{FeatureColumn}', row 5", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_data_is_reported_by_name()
    {
        var ml = new MLContext(1);
        var e = Assert.ThrowsAny<InvalidOperationException>(() => CreateEstimator(ml).Fit(WithFeatures([])));
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{FeatureColumn}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_stops_training_at_the_next_step()
    {
        using var source = new CancellationTokenSource();
        var reports = new List<TrainingProgress>();
        var estimator = CreateEstimator(new MLContext(1), o =>
        {
            o.Epochs = 5;
            o.CancellationToken = source.Token;
            o.Progress = new SynchronousProgress<TrainingProgress>(p =>
            {
                reports.Add(p);
                source.Cancel();
            });
        });
        Assert.ThrowsAny<OperationCanceledException>(() => estimator.Fit(TrainingData()));
        Assert.Single(reports);
    }

    [Fact]
    public void Diverging_loss_stops_with_a_clear_error()
    {
        var estimator = CreateEstimator(new MLContext(1), MakeDiverge);
        var e = Assert.Throws<TrainingDivergedException>(() => estimator.Fit(TrainingData()));
        Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
        Assert.Contains($"epoch 1, step {e.Step}", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Step, 1, 3);
    }

    [Fact]
    public void Truncated_model_file_gets_a_clear_error()
    {
        var path = TempFile();
        new MLContext(1).Model.Save(Fit(), TrainingData().Schema, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(1).Model.Load(path, out _));
        Assert.True(e is InvalidDataException or InvalidOperationException or FormatException, e.ToString());
    }

    [Fact]
    public void Corrupted_weights_get_a_clear_error()
    {
        var path = TempFile();
        new MLContext(1).Model.Save(Fit(), TrainingData().Schema, path);
        ModelFileCorruptor.CorruptEntry(path, "TSModel");
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(1).Model.Load(path, out _));

        // ML.NET calls loaders by reflection, so our InvalidDataException arrives wrapped.
        var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
        Assert.IsType<InvalidDataException>(cause);
        Assert.Contains("TSModel", cause.Message, StringComparison.Ordinal);
        Assert.Contains("corrupted", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_intact()
    {
        var ml = new MLContext(1);
        var path = TempFile();
        ml.Model.SaveAtomic(Fit(), TrainingData().Schema, path);
        var before = File.ReadAllBytes(path);
        var failing = new FailingTransformer();
        Assert.ThrowsAny<Exception>(() => ml.Model.SaveAtomic(failing, TrainingData().Schema, path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    protected static void AssertSame(List<float[]> expected, List<float[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    private static float[] Flatten(List<float[]> rows) => rows.SelectMany(r => r).ToArray();

    protected static string TempFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "model.zip");
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class SchemaComparer : IEqualityComparer<DataViewSchema>
    {
        public bool Equals(DataViewSchema? x, DataViewSchema? y)
            => x!.Count == y!.Count && x.Zip(y).All(p => p.First.Name == p.Second.Name && p.First.Type.Equals(p.Second.Type) && p.First.IsHidden == p.Second.IsHidden);

        public int GetHashCode(DataViewSchema obj) => obj.Count;
    }
}
