using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models;

/// <summary>
/// The base of every fitted GenAi.MLNet transformer: the lazy batched <see cref="Transform"/> and
/// PredictionEngine support, thread-safe access to the network, save and load (one .zip with
/// <c>mlContext.Model.Save</c>, every entry hashed and bound by a manifest, options and inputs validated
/// on load), and disposal. A family supplies its per-batch mapper and, if it keeps any, its own state.
/// </summary>
/// <typeparam name="TOptions">The family's options.</typeparam>
/// <typeparam name="TNetwork">The family's TorchSharp module.</typeparam>
public abstract class GenerativeTransformer<TOptions, TNetwork> : ITransformer, IDisposable
    where TOptions : TorchTrainerOptions
    where TNetwork : torch.nn.Module
{
    /// <summary>The file format every family writes; older files get a clear error.</summary>
    private protected const uint FormatVersion = 0x00020001;

    private readonly object _gate = new();
    private IBatchMapper? _mapper;
    private bool _disposed;

    private protected GenerativeTransformer(IHostEnvironment env, ModelParts<TOptions, TNetwork> parts)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(parts);
        TrainedOptions = parts.Options;
        Inputs = parts.Inputs;
        Module = parts.Network;
        History = parts.History;
        Seed = parts.Seed;
        Device = Module.parameters().FirstOrDefault()?.device ?? torch.CPU;
        Module.eval();
    }

    /// <summary>Per-epoch losses (and, for some families, per-step values) of the training run.</summary>
    public TrainingHistory History { get; }

    /// <summary>The seed the model was trained with.</summary>
    public int Seed { get; }

    /// <summary>A copy of the options the model was trained with (automatic choices resolved).</summary>
    public TOptions Options => ModelEntries.Clone(TrainedOptions);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    private protected TOptions TrainedOptions { get; }

    /// <summary>The input columns the model reads.</summary>
    private protected ModelInputs Inputs { get; }

    /// <summary>The trained network.</summary>
    private protected TNetwork Module { get; }

    private protected Device Device { get; }

    /// <summary>Held while the network computes (TorchSharp modules are not thread-safe).</summary>
    private protected object Gate => _gate;

    private IBatchMapper Mapper
    {
        get
        {
            ThrowIfDisposed();
            lock (_gate)
            {
                return _mapper ??= Guard(CreateMapper());
            }
        }
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, Mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, Mapper);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, Mapper);

    /// <summary>Saves this transformer alone (most users save the whole pipeline with <c>mlContext.Model.Save</c>).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ThrowIfDisposed();
        var version = GetVersionInfo();
        ctx.CheckAtModel();
        ctx.SetVersionInfo(version);
        ctx.Writer.Write(FormatVersion);
        var manifest = new ModelManifest { Signature = version.LoaderSignature, Format = FormatVersion };
        manifest.Entries["Options.json"] = ModelEntries.SaveJson(ctx, "Options.json", TrainedOptions, typeof(TOptions));
        manifest.Entries["Inputs.json"] = ModelEntries.SaveJson(ctx, "Inputs.json", Inputs.ToSaved(), typeof(SavedInput[]));
        manifest.Entries["Model.json"] = ModelEntries.SaveJson(ctx, "Model.json", new SavedHeader { Seed = Seed }, typeof(SavedHeader));
        var state = SaveState();
        manifest.Entries["State.json"] = ModelEntries.SaveJson(ctx, "State.json", state, state.GetType());
        manifest.Entries["History.json"] = ModelEntries.SaveJson(ctx, "History.json", History, typeof(TrainingHistory));
        lock (_gate)
        {
            manifest.Entries["TSModel"] = ModelEntries.SaveBytes(ctx, "TSModel", ModelEntries.ModuleToBytes(Module));
        }

        manifest.Save(ctx);
    }

    /// <summary>Releases the network's native memory; the transformer cannot be used afterwards.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the network.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            lock (_gate)
            {
                Module.Dispose();
            }
        }

        _disposed = true;
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> after <see cref="Dispose()"/>.</summary>
    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>The mapper that computes the appended columns for a block of rows.</summary>
    private protected abstract IBatchMapper CreateMapper();

    /// <summary>ML.NET's version record of this model type (signature, loader).</summary>
    private protected abstract VersionInfo GetVersionInfo();

    /// <summary>The family's own state, saved as <c>State.json</c>.</summary>
    private protected virtual ISavedState SaveState() => new NoState();

    /// <summary>Runs <paramref name="work"/> under the gate and the thread option, inside a dispose scope.</summary>
    private protected T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ThrowIfDisposed();
        lock (_gate)
        {
            using var threads = TorchThreads.Use(TrainedOptions.NumberOfThreads);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return work();
        }
    }

    /// <summary>A mapper that takes the gate, the thread option, a dispose scope and (unless it needs gradients) no_grad around each batch.</summary>
    private protected IBatchMapper Guard(IBatchMapper inner) => new GuardedMapper(this, inner);

    /// <summary>Rebuilds a saved model's parts on the CPU: every entry checked against the manifest, options and state validated.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, altered, of another format, or its content is invalid.</exception>
    private protected static ModelParts<TOptions, TNetwork> LoadParts<TState>(
        ModelLoadContext ctx, VersionInfo version, string modelName, Func<TOptions, ModelInputs, TState, TNetwork> build, out TState state, Type? optionsType = null)
        where TState : class, ISavedState
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(build);
        ctx.CheckAtModel(version);
        var format = ctx.Reader.ReadUInt32();
        if (format != FormatVersion)
        {
            throw new InvalidDataException(
                $"This {modelName} model file has format 0x{format:X8}; this version of GenAi.MLNet reads 0x{FormatVersion:X8}. " +
                "It was saved by another version (or is damaged): train the model again and save it with this version.");
        }

        if (ctx.Repository is { } repository)
        {
            ZipIntegrity.Verify(repository);
        }

        var entry = ModelManifest.Open(ctx, version.LoaderSignature, FormatVersion, modelName);
        var options = (TOptions)ModelEntries.FromJson(entry("Options.json"), optionsType ?? typeof(TOptions), "Options.json", modelName);
        options.Device = "cpu";
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {modelName} model's options are invalid: {e.Message}", e);
        }

        var inputs = ModelInputs.FromSaved(ModelEntries.FromJson<SavedInput[]>(entry("Inputs.json"), "Inputs.json", modelName));
        var header = ModelEntries.FromJson<SavedHeader>(entry("Model.json"), "Model.json", modelName);
        state = ModelEntries.FromJson<TState>(entry("State.json"), "State.json", modelName);
        state.Validate(inputs, modelName);
        var history = ModelEntries.FromJson<TrainingHistory>(entry("History.json"), "History.json", modelName);
        var weights = entry("TSModel");
        var savedState = state;
        TNetwork network;
        try
        {
            network = TorchRandom.Build(header.Seed, () => build(options, inputs, savedState));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {modelName} model describes a network that cannot be built: {e.Message}", e);
        }

        try
        {
            ModelEntries.BytesToModule(network, weights, modelName);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new ModelParts<TOptions, TNetwork>(options, inputs, network, history, header.Seed);
    }

    /// <summary>ML.NET's version record for a GenAi.MLNet model type.</summary>
    private protected static VersionInfo VersionInfoFor(string modelSignature, string loaderSignature, Type loader) => new(
        modelSignature: modelSignature,
        verWrittenCur: FormatVersion,
        verReadableCur: FormatVersion,
        verWeCanReadBack: 0x00010001,
        loaderSignature: loaderSignature,
        loaderAssemblyName: loader.Assembly.FullName);

    private sealed class SavedHeader
    {
        public int Seed { get; set; }
    }

    private sealed class GuardedMapper(GenerativeTransformer<TOptions, TNetwork> owner, IBatchMapper inner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs => inner.Inputs;

        public IReadOnlyList<OutputColumn> Outputs => inner.Outputs;

        public void Map(RowBatch input, OutputBatch output)
        {
            owner.ThrowIfDisposed();
            lock (owner._gate)
            {
                using var threads = TorchThreads.Use(owner.TrainedOptions.NumberOfThreads);
                using var scope = NewDisposeScope();
                if (inner is INeedsGradients)
                {
                    inner.Map(input, output);
                    return;
                }

                using var noGrad = no_grad();
                inner.Map(input, output);
            }
        }
    }
}
