using System;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Models.Language;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Text;

/// <summary>
/// Fits a tokenizer to a text column (or takes a given one) and yields a <see cref="TextTokenizingTransformer"/>
/// that appends each row's token ids. Made by <c>mlContext.Generative().TokenizeText(...)</c>.
/// </summary>
public sealed class TextTokenizingEstimator : IEstimator<TextTokenizingTransformer>
{
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly TokenizerKind _kind;
    private readonly int _vocabularySize;
    private readonly TextTokenizer? _tokenizer;

    internal TextTokenizingEstimator(string outputColumnName, string inputColumnName, TokenizerKind kind, int vocabularySize, TextTokenizer? tokenizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tokenizer kind.");
        }

        if (tokenizer is null && kind is TokenizerKind.BytePair or TokenizerKind.WordPiece && vocabularySize < 300)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, "vocabularySize must be at least 300 (BPE starts from 256 byte tokens).");
        }

        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _kind = kind;
        _vocabularySize = vocabularySize;
        _tokenizer = tokenizer;
    }

    /// <summary>Trains the tokenizer on the input column's text (unless one was given) and returns the transformer.</summary>
    /// <exception cref="ArgumentException">The input column is missing or not text (named).</exception>
    /// <exception cref="InvalidOperationException">The column has no rows, or no text to learn a vocabulary from (named).</exception>
    public TextTokenizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        new TextInput(_inputColumnName).Check(input.Schema);
        var tokenizer = _tokenizer;
        if (tokenizer is null)
        {
            var texts = input.GetColumn<ReadOnlyMemory<char>>(_inputColumnName).Select(t => t.ToString()).ToArray();
            tokenizer = LanguageModelFamily.CreateTokenizer(_kind, _vocabularySize, _inputColumnName, texts, default);
        }

        return new TextTokenizingTransformer(tokenizer, _outputColumnName, _inputColumnName, decodes: false);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TextInput.CheckShape(inputSchema, _inputColumnName);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_outputColumnName] = OutputColumn.ShapeOf(_outputColumnName, OutputKind.Tokens);
        return new SchemaShape(columns.Values);
    }
}
