using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

[assembly: LoadableClass(typeof(TextEmbeddingTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet text embedding", TextEmbeddingTransformer.LoaderSignature)]

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Turns a text column into a vector column: a pre-trained (or fine-tuned) language model reads each text after its
/// boundary token and its per-token contextual vectors are pooled into one (mean, first or last token). For semantic
/// search, clustering, or features of any ML.NET trainer. The network and the tokenizer are saved in the model's .zip.
/// </summary>
/// <remarks>Texts longer than <see cref="MaxTokens"/> tokens are cut; an empty text gives the boundary token's vector.</remarks>
public sealed class TextEmbeddingTransformer : ITransformer, IDisposable
{
    internal const string LoaderSignature = "GenAiTextEmbedding";
    private const string ModelSignature = "GENAIEMB";
    private const uint FormatVersion = 0x00010001;
    private readonly object _gate = new();
    private readonly nn.Module _network;
    private readonly Device _device;
    private readonly IBatchMapper _mapper;
    private bool _disposed;

    internal TextEmbeddingTransformer(PretrainedBody body, nn.Module network, TextTokenizer tokenizer, string outputColumnName, string inputColumnName, TextPooling pooling, int maxTokens)
    {
        Body = body;
        _network = network;
        _network.eval();
        _device = network.parameters().First().device;
        Tokenizer = tokenizer;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Pooling = pooling;
        MaxTokens = maxTokens;
        _mapper = new Mapper(this);
    }

    /// <summary>The tokenizer of the language model.</summary>
    public TextTokenizer Tokenizer { get; }

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The vector column appended.</summary>
    public string OutputColumnName { get; }

    /// <summary>How token vectors become one.</summary>
    public TextPooling Pooling { get; }

    /// <summary>Tokens read of each text.</summary>
    public int MaxTokens { get; }

    /// <summary>Values per vector.</summary>
    public int Dimension => Body.FeatureSize;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal PretrainedBody Body { get; }

    internal nn.Module Network => _network;

    /// <summary>The vector of one text (the same as the column's).</summary>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Embed([Tokenizer.Encode(text)]);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, _mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, _mapper);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, _mapper);

    /// <summary>Releases the network; the transformer cannot be used afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _network.Dispose();
            }

            _disposed = true;
        }
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var manifest = ModelManifest.BeginStandalone(ctx, GetVersionInfo(), FormatVersion);
        manifest.Entries["Tokenizer.json"] = ModelEntries.SaveJson(ctx, "Tokenizer.json", Tokenizer.ToSaved(), typeof(SavedTokenizer));
        manifest.Entries["Body.json"] = ModelEntries.SaveJson(ctx, "Body.json", Body, typeof(PretrainedBody));
        manifest.Entries["Columns.json"] = ModelEntries.SaveJson(ctx, "Columns.json",
            new SavedColumns { Input = InputColumnName, Output = OutputColumnName, Pooling = Pooling, MaxTokens = MaxTokens }, typeof(SavedColumns));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            manifest.Entries["TSModel"] = ModelEntries.SaveBytes(ctx, "TSModel", ModelEntries.ModuleToBytes(_network));
        }

        manifest.Save(ctx);
    }

    /// <summary>One vector per token sequence, row after row <c>(B·F)</c>: under the gate, without gradients, on one dispose scope.</summary>
    private float[] Embed(IReadOnlyList<long[]> texts)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var (tokens, valid) = TextClassifierFamily.Inputs(texts, null, Tokenizer.BoundaryId, MaxTokens, _device);
            var pooled = TextClassifierNetwork.Pool(PretrainedBody.Features(_network, tokens, valid), valid, Pooling); // (B, F)
            return pooled.to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        }
    }

    private static VersionInfo GetVersionInfo() => ModelManifest.StandaloneVersion(ModelSignature, LoaderSignature, FormatVersion, typeof(TextEmbeddingTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static TextEmbeddingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        ArgumentNullException.ThrowIfNull(ctx);
        const string name = "text embedding";
        var entry = ModelManifest.OpenStandalone(ctx, GetVersionInfo(), FormatVersion, name);
        var columns = ModelEntries.FromJson<SavedColumns>(entry("Columns.json"), "Columns.json", name);
        var tokenizer = ModelManifest.ReadTokenizer(entry, "Tokenizer.json", name);
        var body = ModelEntries.FromJson<PretrainedBody>(entry("Body.json"), "Body.json", name);
        body.Validate(new ModelInputs([new TokenizedTextInput(columns.Input, tokenizer)]), name);
        if (string.IsNullOrWhiteSpace(columns.Input) || string.IsNullOrWhiteSpace(columns.Output) || !Enum.IsDefined(columns.Pooling)
            || columns.MaxTokens < 1 || columns.MaxTokens > body.ContextLength - 1 || (columns.Pooling == TextPooling.First && body.IsCausal))
        {
            throw new InvalidDataException($"The saved {name}'s columns or pooling are invalid. The file is damaged or was written by another program.");
        }

        nn.Module network;
        try
        {
            network = body.Create();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {name} describes a network that cannot be built: {e.Message}", e);
        }

        try
        {
            ModelEntries.BytesToModule(network, entry("TSModel"), name);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new TextEmbeddingTransformer(body, network, tokenizer, columns.Output, columns.Input, columns.Pooling, columns.MaxTokens);
    }

    private sealed class SavedColumns
    {
        public string Input { get; set; } = "";

        public string Output { get; set; } = "";

        public TextPooling Pooling { get; set; }

        public int MaxTokens { get; set; }
    }

    private sealed class Mapper(TextEmbeddingTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [new TokenizedTextInput(owner.InputColumnName, owner.Tokenizer)];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Vector(owner.OutputColumnName, new VectorShape(owner.Dimension, [owner.Dimension]))];

        public void Map(RowBatch rows, OutputBatch output)
        {
            if (!output.IsActive(0))
            {
                return;
            }

            var vectors = owner.Embed(rows.Tokens(0).Values.Take(rows.Rows).ToArray()); // rows.Rows x Dimension
            Array.Copy(vectors, output.Floats(0), vectors.Length);
        }
    }
}
