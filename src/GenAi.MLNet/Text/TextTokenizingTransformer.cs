using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Mapping;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(TextTokenizingTransformer), null, typeof(SignatureLoadModel), "GenAi.MLNet text tokenizer", TextTokenizingTransformer.LoaderSignature)]

namespace GenAi.MLNet.Text;

/// <summary>
/// Turns a text column into a column of token ids (a variable-length vector of Int64) with a
/// <see cref="TextTokenizer"/> — or, made by <see cref="Inverse"/>, token ids back into text. The tokenizer is
/// saved inside the model's .zip, so a pipeline reloaded elsewhere tokenizes exactly as it did when fitted.
/// </summary>
public sealed class TextTokenizingTransformer : ITransformer
{
    internal const string LoaderSignature = "GenAiTextTokenizer";
    private const string ModelSignature = "GENAITOK";
    private const uint FormatVersion = 0x00010001;
    private readonly IBatchMapper _mapper;

    internal TextTokenizingTransformer(TextTokenizer tokenizer, string outputColumnName, string inputColumnName, bool decodes)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        Tokenizer = tokenizer;
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Decodes = decodes;
        _mapper = decodes ? new DecodeMapper(this) : new EncodeMapper(this);
    }

    /// <summary>The tokenizer (fitted to the training text, or given).</summary>
    public TextTokenizer Tokenizer { get; }

    /// <summary>The column read: text, or token ids when <see cref="Decodes"/>.</summary>
    public string InputColumnName { get; }

    /// <summary>The column appended: token ids, or text when <see cref="Decodes"/>.</summary>
    public string OutputColumnName { get; }

    /// <summary>True when this turns token ids into text.</summary>
    public bool Decodes { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <summary>The transformer that goes the other way with the same tokenizer: ids in <paramref name="inputColumnName"/> to text in <paramref name="outputColumnName"/> (or back).</summary>
    public TextTokenizingTransformer Inverse(string outputColumnName, string inputColumnName) => new(Tokenizer, outputColumnName, inputColumnName, !Decodes);

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BatchMapping.OutputSchema(inputSchema, _mapper);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => BatchMapping.Transform(input, _mapper);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => BatchMapping.RowToRowMapper(inputSchema, _mapper);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        var manifest = ModelManifest.BeginStandalone(ctx, GetVersionInfo(), FormatVersion);
        manifest.Entries["Tokenizer.json"] = ModelEntries.SaveJson(ctx, "Tokenizer.json", Tokenizer.ToSaved(), typeof(SavedTokenizer));
        manifest.Entries["Columns.json"] = ModelEntries.SaveJson(ctx, "Columns.json", new SavedColumns { Input = InputColumnName, Output = OutputColumnName, Decodes = Decodes }, typeof(SavedColumns));
        manifest.Save(ctx);
    }

    private static VersionInfo GetVersionInfo() => ModelManifest.StandaloneVersion(ModelSignature, LoaderSignature, FormatVersion, typeof(TextTokenizingTransformer));

#pragma warning disable IDE0051 // Used by ML.NET's loader through [LoadableClass].
    private static TextTokenizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
#pragma warning restore IDE0051
    {
        ArgumentNullException.ThrowIfNull(ctx);
        const string name = "text tokenizer";
        var entry = ModelManifest.OpenStandalone(ctx, GetVersionInfo(), FormatVersion, name);
        var columns = ModelEntries.FromJson<SavedColumns>(entry("Columns.json"), "Columns.json", name);
        if (string.IsNullOrWhiteSpace(columns.Input) || string.IsNullOrWhiteSpace(columns.Output))
        {
            throw new InvalidDataException($"The saved {name}'s column names are missing. The file is damaged or was written by another program.");
        }

        var tokenizer = ModelManifest.ReadTokenizer(entry, "Tokenizer.json", name);
        return new TextTokenizingTransformer(tokenizer, columns.Output, columns.Input, columns.Decodes);
    }

    private sealed class SavedColumns
    {
        public string Input { get; set; } = "";

        public string Output { get; set; } = "";

        public bool Decodes { get; set; }
    }

    private sealed class EncodeMapper(TextTokenizingTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [new TextInput(owner.InputColumnName)];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Tokens(owner.OutputColumnName)];

        public void Map(RowBatch rows, OutputBatch output)
        {
            if (!output.IsActive(0))
            {
                return;
            }

            var texts = rows.Texts(0).Values;
            for (var r = 0; r < rows.Rows; r++)
            {
                output.Tokens(0)[r] = owner.Tokenizer.Encode(texts[r]);
            }
        }
    }

    private sealed class DecodeMapper(TextTokenizingTransformer owner) : IBatchMapper
    {
        public IReadOnlyList<InputColumn> Inputs { get; } = [new TokenInput(owner.InputColumnName, owner.Tokenizer.VocabularySize)];

        public IReadOnlyList<OutputColumn> Outputs { get; } = [OutputColumn.Text(owner.OutputColumnName)];

        public void Map(RowBatch rows, OutputBatch output)
        {
            if (!output.IsActive(0))
            {
                return;
            }

            var ids = rows.Tokens(0).Values;
            for (var r = 0; r < rows.Rows; r++)
            {
                output.Texts(0)[r] = owner.Tokenizer.Decode(ids[r]);
            }
        }
    }
}
