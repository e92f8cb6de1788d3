using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Conformance;

/// <summary>
/// The contract every GenAi.MLNet estimator meets. A family's test class derives from this, says how to
/// build its estimator at a small budget, which columns it appends, and which <see cref="RowFactory"/>
/// builds its inputs, and inherits every test: schema, save/load (fresh context, fresh process, whole
/// pipeline), seeds, bad input, cancellation, divergence, checkpoint and resume, damaged and altered files
/// (a fuzz run), atomic saves, disposal, and inputs whose order changes between reads.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer type.</typeparam>
[Collection(TorchCollection.Name)]
public abstract class EstimatorConformanceTests<TTransformer>(ITestOutputHelper output)
    where TTransformer : class, ITransformer
{
    private static readonly ConcurrentDictionary<Type, ITransformer> s_models = new();

    /// <summary>Mutated files per family in the suite (the benchmark runs more).</summary>
    private const int FuzzRuns = 150;

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

    /// <summary>Builds the inputs of the bad-input checks.</summary>
    protected abstract RowFactory Rows { get; }

    /// <summary>The class column a conditional estimator reads, or null.</summary>
    protected virtual string? LabelColumn => null;

    /// <summary>Epochs of the resume check (interrupted after <c>Epochs - 1</c>).</summary>
    protected virtual int ResumeEpochs => 3;

    private string Column => Rows.Column;

    private TTransformer Fit(int seed = 1, Action<TorchTrainerOptions>? configure = null)
        => CreateEstimator(new MLContext(seed), configure).Fit(TrainingData());

    /// <summary>A model fitted once per test class, for the checks that only read it.</summary>
    private TTransformer Model => (TTransformer)s_models.GetOrAdd(GetType(), _ => Fit());

    private List<float[]> Outputs(ITransformer model, IDataView? data = null) => TestData.ReadColumns(model.Transform(data ?? ScoringData()), OutputColumns);

    [Fact]
    public void Output_schema_matches_GetOutputSchema()
    {
        var estimator = CreateEstimator(new MLContext(1));
        var shape = estimator.GetOutputSchema(SchemaShape.Create(TrainingData().Schema));
        var model = Model;
        var schema = model.Transform(ScoringData()).Schema;
        Assert.Equal(schema, model.GetOutputSchema(ScoringData().Schema), new SchemaComparer());
        foreach (var column in OutputColumns)
        {
            Assert.True(shape.TryFindColumn(column, out var expected), $"GetOutputSchema lacks '{column}'");
            var actual = schema[column];
            Assert.Equal(expected.ItemType, actual.Type.GetItemType() is KeyDataViewType ? NumberDataViewType.UInt32 : actual.Type.GetItemType());
            Assert.Equal(expected.Kind != SchemaShape.Column.VectorKind.Scalar, actual.Type is VectorDataViewType);
        }

        Assert.Equal(schema.Count(c => !c.IsHidden), shape.Count);
    }

    [Fact]
    public void Save_and_load_give_identical_outputs_in_a_fresh_context()
    {
        var model = Model;
        var expected = Outputs(model);
        var path = TempFile();
        new MLContext(1).Model.Save(model, TrainingData().Schema, path);
        var loaded = new MLContext(7).Model.Load(path, out var schema);
        Assert.Equal(Column, schema[Column].Name);
        AssertSame(expected, Outputs(loaded));
        var verified = new MLContext(8).Model.LoadVerified(path, out _);
        AssertSame(expected, Outputs(verified));
    }

    [Fact]
    public void Save_and_load_give_identical_outputs_in_a_fresh_process()
    {
        var model = Model;
        var path = TempFile();
        new MLContext(1).Model.Save(model, TrainingData().Schema, path);
        var dataPath = TempFile();
        using (var stream = File.Create(dataPath))
        {
            new MLContext(1).Data.SaveAsBinary(ScoringData(), stream, keepHidden: false);
        }

        var outputPath = TempFile();
        ProcessEntry.Run("transform", path, dataPath, outputPath, string.Join(",", OutputColumns));
        AssertSame(Outputs(model), ProcessEntry.ReadMatrix(outputPath));
    }

    [Fact]
    public void Whole_pipeline_round_trips_in_one_zip()
    {
        var ml = new MLContext(1);
        // An ML.NET transform before ours (a copy kept in the chain) and one after.
        var pipeline = ml.Transforms.CopyColumns("Input", Column)
            .Append(ml.Transforms.DropColumns("Input"))
            .Append(CreateEstimator(ml))
            .Append(ml.Transforms.CopyColumns("Copied", OutputColumns[0]));
        var model = pipeline.Fit(TrainingData());
        var expected = TestData.ReadColumns(model.Transform(ScoringData()), [.. OutputColumns, "Copied"]);
        var path = TempFile();
        ml.Model.SaveAtomic(model, TrainingData().Schema, path);
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
        var data = ml.Transforms.CopyColumns("Other", Column).Append(ml.Transforms.DropColumns(Column)).Fit(TrainingData()).Transform(TrainingData());
        var fit = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).Fit(data));
        Assert.Contains($"'{Column}'", fit.Message, StringComparison.Ordinal);
        var schema = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains($"'{Column}'", schema.Message, StringComparison.Ordinal);
        var transform = Assert.ThrowsAny<ArgumentException>(() => Model.Transform(data));
        Assert.Contains($"'{Column}'", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_column_type_is_reported_by_name()
    {
        var ml = new MLContext(1);
        var data = Rows.WrongType(TrainingData());
        var fit = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).Fit(data));
        Assert.Contains($"'{Column}'", fit.Message, StringComparison.Ordinal);
        var schema = Assert.ThrowsAny<ArgumentException>(() => CreateEstimator(ml).GetOutputSchema(SchemaShape.Create(data.Schema)));
        Assert.Contains($"'{Column}'", schema.Message, StringComparison.Ordinal);
        var transform = Assert.ThrowsAny<ArgumentException>(() => Model.Transform(data));
        Assert.Contains($"'{Column}'", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_vector_size_is_reported_by_name()
    {
        if (Rows.WrongVectorSize(TrainingData()) is not { } data)
        {
            return; // the family's input is not a vector
        }

        var size = ((VectorDataViewType)TrainingData().Schema[Column].Type).Size;
        var e = Assert.ThrowsAny<ArgumentException>(() => Model.Transform(data));
        Assert.Contains($"'{Column}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(size.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_shorter_than_its_declared_size_is_reported_not_filled_with_stale_values()
    {
        if (Rows.WithShortRow(ScoringData(), 3) is not { } data)
        {
            return;
        }

        var transform = Assert.ThrowsAny<InvalidOperationException>(() => Outputs(Model, data));
        Assert.Contains($"'{Column}', row 3", transform.Message, StringComparison.Ordinal);

        // Row at a time (as PredictionEngine runs it): the first rows map, row 3 is rejected.
        var mapper = Model.GetRowToRowMapper(data.Schema);
        using var cursor = data.GetRowCursor(data.Schema);
        var output = mapper.OutputSchema[OutputColumns[0]];
        using var row = mapper.GetRow(cursor, [output]);
        var e = Assert.ThrowsAny<InvalidOperationException>(() =>
        {
            while (cursor.MoveNext())
            {
                ReadOne(row, output);
            }
        });
        Assert.Contains($"'{Column}', row 3", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_values_are_reported_by_column_and_row(float bad)
    {
        if (Rows.WithValue(TrainingData(), 5, 3, bad) is not { } data)
        {
            return;
        }

        var fit = Assert.ThrowsAny<InvalidOperationException>(() => CreateEstimator(new MLContext(1)).Fit(data));
        Assert.Contains($"'{Column}', row 5", fit.Message, StringComparison.Ordinal);
        var transform = Assert.ThrowsAny<InvalidOperationException>(() => Outputs(Model, Rows.WithValue(ScoringData(), 5, 3, bad)));
        Assert.Contains($"'{Column}', row 5", transform.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_outside_the_models_range_are_reported_at_transform()
    {
        if (Rows.OutOfRange(ScoringData()) is not { } data)
        {
            return;
        }

        var e = Assert.ThrowsAny<InvalidOperationException>(() => Outputs(Model, data));
        Assert.Contains($"'{Column}', row", e.Message, StringComparison.Ordinal);
        Assert.Contains("outside", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_data_is_reported_by_name()
    {
        var ml = new MLContext(1);
        var empty = ml.Data.SkipRows(TrainingData(), int.MaxValue);
        var e = Assert.ThrowsAny<InvalidOperationException>(() => CreateEstimator(ml).Fit(empty));
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Column}'", e.Message, StringComparison.Ordinal);
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
        Assert.Equal(1, reports[0].Step);
    }

    [Fact]
    public void Diverging_loss_stops_with_a_clear_error()
    {
        var estimator = CreateEstimator(new MLContext(1), MakeDiverge);
        var e = Assert.Throws<TrainingDivergedException>(() => estimator.Fit(TrainingData()));
        Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
        Assert.Contains("epoch 1", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Step, 1, 20);
    }

    [Fact]
    public void Training_interrupted_after_an_epoch_resumes_from_its_checkpoint_to_the_same_weights()
    {
        var epochs = ResumeEpochs;
        var checkpoint = TempFile("checkpoint.bin");
        var uninterrupted = Fit(configure: o => o.Epochs = epochs);

        using var source = new CancellationTokenSource();
        var interrupted = CreateEstimator(new MLContext(1), o =>
        {
            o.Epochs = epochs;
            o.CheckpointPath = checkpoint;
            o.CancellationToken = source.Token;
            o.Progress = new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.IsEpochEnd && p.Epoch == epochs - 1)
                {
                    source.Cancel();
                }
            });
        });
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Fit(TrainingData()));
        Assert.True(File.Exists(checkpoint), "a checkpoint was written after each epoch");

        var resumed = Fit(configure: o =>
        {
            o.Epochs = epochs;
            o.CheckpointPath = checkpoint;
        });
        Assert.False(File.Exists(checkpoint), "the checkpoint is deleted when training completes");
        var history = (TrainingHistory)resumed.GetType().GetProperty("History")!.GetValue(resumed)!;
        Assert.Equal(epochs - 1, history.ResumedAfterEpoch);
        Assert.Equal(epochs, history.Epochs.Count);

        var expected = Outputs(uninterrupted);
        var actual = Outputs(resumed);
        for (var i = 0; i < expected.Count; i++)
        {
            for (var j = 0; j < expected[i].Length; j++)
            {
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i][j])),
                    $"row {i}, value {j}: uninterrupted {expected[i][j]}, resumed {actual[i][j]}");
            }
        }
    }

    [Fact]
    public void A_checkpoint_of_other_options_is_rejected_by_name()
    {
        var checkpoint = TempFile("checkpoint.bin");
        using var source = new CancellationTokenSource();
        var interrupted = CreateEstimator(new MLContext(1), o =>
        {
            o.Epochs = 3;
            o.CheckpointPath = checkpoint;
            o.CancellationToken = source.Token;
            o.Progress = new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.IsEpochEnd)
                {
                    source.Cancel();
                }
            });
        });
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Fit(TrainingData()));
        var e = Assert.ThrowsAny<InvalidOperationException>(() => Fit(configure: o =>
        {
            o.Epochs = 3;
            o.CheckpointPath = checkpoint;
            o.LearningRate *= 2;
        }));
        Assert.Contains(checkpoint, e.Message, StringComparison.Ordinal);
        Assert.Contains("other options", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_model_file_gets_a_clear_error()
    {
        var path = TempFile();
        new MLContext(1).Model.Save(Model, TrainingData().Schema, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(1).Model.LoadVerified(path, out _));
        Assert.IsType<InvalidDataException>(e);
    }

    [Fact]
    public void Corrupted_weights_get_a_clear_error()
    {
        var path = TempFile();
        new MLContext(1).Model.Save(Model, TrainingData().Schema, path);
        ModelFileCorruptor.CorruptEntry(path, "TSModel");
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(1).Model.Load(path, out _));

        // ML.NET calls loaders by reflection, so our InvalidDataException arrives wrapped.
        var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
        Assert.IsType<InvalidDataException>(cause);
        Assert.Contains("TSModel", cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_and_altered_model_files_never_load_silently_different_hang_or_crash()
    {
        var model = Model;
        var path = TempFile();
        new MLContext(1).Model.Save(model, TrainingData().Schema, path);
        var foreignPath = TempFile();
        new MLContext(1).Model.Save(Fit(seed: 2), TrainingData().Schema, foreignPath);
        var original = File.ReadAllBytes(path);
        var foreign = File.ReadAllBytes(foreignPath);
        var expected = Outputs(model);
        var random = new Random(20261129);
        var counts = new Dictionary<FuzzOutcome, int>();
        var failures = new List<string>();
        var file = TempFile("mutated.zip");
        for (var i = 0; i < FuzzRuns; i++)
        {
            var mutation = ModelFileFuzzer.Mutate(original, foreign, random);
            var (outcome, detail) = ModelFileFuzzer.Classify(mutation, file, ScoringData(), OutputColumns, expected, TimeSpan.FromSeconds(30));
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            if (outcome is FuzzOutcome.SilentlyDifferent or FuzzOutcome.Hang or FuzzOutcome.Crash)
            {
                failures.Add($"{outcome}: {mutation.Kind} {detail}");
            }
        }

        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(counts.GetValueOrDefault(FuzzOutcome.Rejected) > FuzzRuns / 2, "most mutations are rejected");
    }

    [Fact]
    public void A_failed_save_leaves_the_previous_file_intact_and_no_temporary_file()
    {
        var ml = new MLContext(1);
        var path = TempFile();
        ml.Model.SaveAtomic(Model, TrainingData().Schema, path);
        var before = File.ReadAllBytes(path);
        var failing = new FailingTransformer();
        Assert.ThrowsAny<Exception>(() => ml.Model.SaveAtomic(failing, TrainingData().Schema, path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void A_temporary_file_left_by_a_killed_save_is_removed_by_the_next_save()
    {
        var path = TempFile();
        var dir = Path.GetDirectoryName(path)!;
        // A process id that cannot be running (above the kernel's limit of 2^22).
        var orphan = Path.Combine(dir, $".{Path.GetFileName(path)}.9999999.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(orphan, [1, 2, 3]);
        new MLContext(1).Model.SaveAtomic(Model, TrainingData().Schema, path);
        Assert.False(File.Exists(orphan));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_disposed_model_refuses_to_save_or_transform()
    {
        var model = Fit();
        ((IDisposable)model).Dispose();
        Assert.Throws<ObjectDisposedException>(() => new MLContext(1).Model.Save(model, TrainingData().Schema, TempFile()));
        Assert.Throws<ObjectDisposedException>(() => model.Transform(ScoringData()));
    }

    [Fact]
    public void Outputs_follow_their_rows_when_the_input_changes_order_between_reads()
    {
        if (LabelColumn is not null || TrainingData().Schema[Column].Type is not VectorDataViewType)
        {
            return; // the reordering view carries one vector column
        }

        var view = new ReorderingView(ScoringData(), Column);
        var expected = Outputs(Model);
        _ = TestData.ReadColumns(view, "RowId"); // a first read in one order; the transform reads in the other
        var rows = TestData.ReadColumns(Model.Transform(view), ["RowId", .. OutputColumns]);
        // Rows meet the model in another order, so other rows share their batch: equal up to float rounding.
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var id = (int)row[0];
            var actual = row[1..];
            Assert.Equal(expected[id].Length, actual.Length);
            for (var j = 0; j < actual.Length; j++)
            {
                Assert.True(Math.Abs(expected[id][j] - actual[j]) <= 1e-4 * Math.Max(1, Math.Abs(expected[id][j])),
                    $"row {id}, value {j}: in order {expected[id][j]}, reordered {actual[j]}");
            }
        }
    }

    protected static void AssertSame(List<float[]> expected, List<float[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    private static void ReadOne(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case VectorDataViewType v when v.ItemType == NumberDataViewType.Single:
                {
                    var getter = row.GetGetter<VBuffer<float>>(column);
                    VBuffer<float> value = default;
                    getter(ref value);
                    break;
                }

            case VectorDataViewType:
                {
                    var getter = row.GetGetter<VBuffer<long>>(column);
                    VBuffer<long> value = default;
                    getter(ref value);
                    break;
                }

            default:
                {
                    var getter = row.GetGetter<float>(column);
                    float value = 0;
                    getter(ref value);
                    break;
                }
        }
    }

    private static float[] Flatten(List<float[]> rows) => rows.SelectMany(r => r).ToArray();

    protected static string TempFile(string name = "model.zip")
    {
        var dir = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
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
