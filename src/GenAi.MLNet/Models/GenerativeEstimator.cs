using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>
/// The base of every GenAi.MLNet estimator: it owns the Fit sequence — options checked and copied, input
/// columns checked and described, seed from the options or the <c>MLContext</c>, device and thread count,
/// validation split, batch source (in memory or streamed), the network built under the seed, the shared
/// trainer with its checkpoints, and disposal on failure. A family supplies its columns, its network, its
/// training step and its transformer.
/// </summary>
/// <typeparam name="TOptions">The family's options.</typeparam>
/// <typeparam name="TNetwork">The family's TorchSharp module.</typeparam>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
public abstract class GenerativeEstimator<TOptions, TNetwork, TTransformer> : IEstimator<TTransformer>
    where TOptions : TorchTrainerOptions
    where TNetwork : torch.nn.Module
    where TTransformer : class, ITransformer
{
    private readonly MLContext _mlContext;
    private readonly TOptions _options;
    private readonly string _modelName;

    private protected GenerativeEstimator(MLContext mlContext, TOptions options, string modelName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _mlContext = mlContext;
        _options = options;
        _modelName = modelName;
    }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>Below this many optimizer steps, Fit warns that the model has hardly trained.</summary>
    private const long FewSteps = 200;

    /// <summary>Trains with explicit validation data (used for the validation loss and early stopping).</summary>
    public TTransformer Fit(IDataView input, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = _options.CopyForTraining<TOptions>();
        options.Validate();
        IHostEnvironment env = _mlContext;
        var host = env.Register(_modelName);
        var inputs = DescribeInputs(options, input);
        options.Validate();
        if (validationData is not null)
        {
            inputs.Check(validationData.Schema);
        }

        var seed = options.Seed ?? host.Rand.Next();
        var device = TorchDevice.Parse(options.Device);
        using var threads = TorchThreads.Use(options.NumberOfThreads);
        string? trainHint = null, validationHint = null;
        if (validationData is null && options.ValidationFraction > 0)
        {
            var rows = input.GetRowCount();
            var split = _mlContext.Data.TrainTestSplit(input, options.ValidationFraction, seed: seed);
            (input, validationData) = (split.TrainSet, split.TestSet);
            if (rows != 0)
            {
                var column = inputs[0].Name;
                var count = rows is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} input row{(n == 1 ? "" : "s")}") : "input rows";
                trainHint = string.Create(CultureInfo.InvariantCulture,
                    $"ValidationFraction ({options.ValidationFraction}) held out all {count} for validation and left none for training (column '{column}'): add rows or lower ValidationFraction.");
                validationHint = string.Create(CultureInfo.InvariantCulture,
                    $"ValidationFraction ({options.ValidationFraction}) held out none of the {count} for validation (column '{column}'): add rows or raise ValidationFraction.");
            }
        }

        using var channel = host.Start("Training");
        var (trainRows, trainInputs) = TrainingRows(options, inputs, input);
        using var train = BatchSource.Create(_mlContext, trainRows, trainInputs, options.MaxInMemoryBytes, device, trainHint);
        using var validation = validationData is null ? null
            : BatchSource.Create(_mlContext, TrainingRows(options, inputs, validationData).Data, trainInputs, options.MaxInMemoryBytes, device, validationHint);
        var network = TorchRandom.Build(seed, () => CreateNetwork(options, inputs));
        try
        {
            network.to(device);
            channel.Info($"Training {Describe(options, inputs)} on {train.Rows} rows, seed {seed}, device {device}, {torch.get_num_threads()} threads.");
            var steps = (train.Rows + options.BatchSize - 1) / options.BatchSize * options.Epochs;
            if (steps < FewSteps)
            {
                channel.Warning(
                    string.Create(CultureInfo.InvariantCulture, $"Only {steps} training steps: {options.Epochs} epochs of {train.Rows} rows in batches of {options.BatchSize}. ") +
                    "Small data sets need more epochs (Epochs counts passes over the data, not steps) or a smaller BatchSize.");
            }

            using var generator = TorchRandom.Generator(seed);
            using var trainable = CreateTrainable(network, options, new TrainingSetup(generator, device, seed, train, inputs));
            var history = Trainer.Run(trainable, train, validation, options, channel, generator, seed, RecordSteps, Fingerprint(options, inputs, train.Rows, seed));
            return CreateTransformer(env, new ModelParts<TOptions, TNetwork>(options, inputs, network, history, seed), trainable, train, validation);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInputSchema(_options, inputSchema);
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var (name, kind) in OutputColumns(_options, inputSchema))
        {
            columns[name] = OutputColumn.ShapeOf(name, kind);
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>True to keep every step's values in the history (GANs plot them).</summary>
    private protected virtual bool RecordSteps => false;

    /// <summary>Checks the estimator's input columns before any data is seen; errors name the column.</summary>
    private protected abstract void CheckInputSchema(TOptions options, SchemaShape inputSchema);

    /// <summary>The columns the fitted transformer appends, by name and kind.</summary>
    private protected abstract IEnumerable<(string Name, OutputKind Kind)> OutputColumns(TOptions options);

    /// <summary>The columns the fitted transformer appends, when they depend on the input columns' types (e.g. a Boolean or a key label).</summary>
    private protected virtual IEnumerable<(string Name, OutputKind Kind)> OutputColumns(TOptions options, SchemaShape inputSchema) => OutputColumns(options);

    /// <summary>Checks the input columns in the data and describes them (shapes, classes, allowed ranges); may settle automatic options.</summary>
    private protected abstract ModelInputs DescribeInputs(TOptions options, IDataView data);

    /// <summary>
    /// The rows training reads, and their columns: by default the data itself. A family that trains on other
    /// units than the rows (e.g. a language model on fixed-length windows of the joined texts) returns them here.
    /// </summary>
    private protected virtual (IDataView Data, ModelInputs Inputs) TrainingRows(TOptions options, ModelInputs inputs, IDataView data) => (data, inputs);

    /// <summary>The network for these options and inputs (weights from torch's seeded global generator).</summary>
    private protected abstract TNetwork CreateNetwork(TOptions options, ModelInputs inputs);

    /// <summary>The family's training step over the network.</summary>
    private protected abstract ITrainableModel CreateTrainable(TNetwork network, TOptions options, TrainingSetup setup);

    /// <summary>The fitted transformer; <paramref name="trained"/>, <paramref name="train"/> and <paramref name="validation"/> (null without validation data) are disposed after this returns.</summary>
    private protected abstract TTransformer CreateTransformer(IHostEnvironment env, ModelParts<TOptions, TNetwork> parts, ITrainableModel trained, BatchSource train, BatchSource? validation);

    /// <summary>A phrase for the log, e.g. "a VAE (Mlp, latent 20)".</summary>
    private protected virtual string Describe(TOptions options, ModelInputs inputs) => $"a {_modelName}";

    /// <summary>What a checkpoint must match: the options that shape training, the inputs, the rows and the seed.</summary>
    private string Fingerprint(TOptions options, ModelInputs inputs, long rows, int seed)
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(options, options.GetType(), ModelEntries.Json))!.AsObject();
        foreach (var free in new[] { nameof(TorchTrainerOptions.Epochs), nameof(TorchTrainerOptions.CheckpointPath), nameof(TorchTrainerOptions.NumberOfThreads), nameof(TorchTrainerOptions.Device), nameof(TorchTrainerOptions.MaxInMemoryBytes) })
        {
            json.Remove(free);
        }

        var text = $"{_modelName}|{json.ToJsonString()}|{JsonSerializer.Serialize(inputs.ToSaved(), ModelEntries.Json)}|{rows}|{seed}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
