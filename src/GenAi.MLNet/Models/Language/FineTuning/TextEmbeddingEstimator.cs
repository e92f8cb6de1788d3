using System;
using System.Linq;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// The estimator of <see cref="TextEmbeddingTransformer"/>: nothing is trained, <c>Fit</c> checks the text column and
/// gives the transformer (so it can stand anywhere in a pipeline). The language model's weights are copied when
/// the estimator is created.
/// </summary>
public sealed class TextEmbeddingEstimator : IEstimator<TextEmbeddingTransformer>
{
    private readonly PretrainedBody _body;
    private readonly TextTokenizer _tokenizer;
    private readonly byte[] _weights;
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly TextPooling _pooling;
    private readonly int _maxTokens;

    internal TextEmbeddingEstimator(ITransformer pretrained, string outputColumnName, string inputColumnName, TextPooling pooling, int? maxTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        if (!Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling.");
        }

        nn.Module network;
        (_body, network, _tokenizer) = PretrainedBody.Of(pretrained, nameof(pretrained));
        if (pooling == TextPooling.First && _body.IsCausal)
        {
            throw new ArgumentException("Pooling First reads only the boundary token, which a causal model (GPT, LSTM) sees before any text: use Mean or Last.", nameof(pooling));
        }

        if (maxTokens is { } m && (m < 1 || m > _body.ContextLength - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), m, $"maxTokens must lie in [1, {_body.ContextLength - 1}] (the model's context after its boundary token).");
        }

        _weights = ModelEntries.ModuleToBytes(network);
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _pooling = pooling;
        _maxTokens = maxTokens ?? (_body.ContextLength - 1);
    }

    /// <inheritdoc />
    public TextEmbeddingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        new TextInput(_inputColumnName).Check(input.Schema);
        var network = _body.Create();
        try
        {
            ModelEntries.BytesToModule(network, _weights, "language model");
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new TextEmbeddingTransformer(_body, network, _tokenizer, _outputColumnName, _inputColumnName, _pooling, _maxTokens);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TextInput.CheckShape(inputSchema, _inputColumnName);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[_outputColumnName] = new SchemaShape.Column(_outputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }
}
