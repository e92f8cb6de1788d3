using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>The kinds of pre-trained networks a classifier or an embedding reuses.</summary>
internal enum BodyKind
{
    Gpt,
    Lstm,
    Masked,
}

/// <summary>
/// What a fine-tuned model must know of the language model it started from to build its body again: the kind
/// and size of the network. Saved as the model's <c>State.json</c>; the weights themselves are in its TSModel.
/// </summary>
internal sealed partial class PretrainedBody : ISavedState
{
    public BodyKind Kind { get; set; }

    public int VocabularySize { get; set; }

    public int ContextLength { get; set; }

    public int Layers { get; set; }

    public int Heads { get; set; }

    /// <summary>The transformer's width, or the LSTM's embedding size.</summary>
    public int Width { get; set; }

    public int LstmHiddenSize { get; set; }

    public bool TieEmbeddings { get; set; }

    public double Dropout { get; set; }

    /// <summary>Width of the per-token vectors the body gives.</summary>
    public int FeatureSize => Kind == BodyKind.Lstm ? LstmHiddenSize : Width;

    /// <summary>True when a position sees only the tokens before it.</summary>
    public bool IsCausal => Kind != BodyKind.Masked;

    /// <summary>
    /// The language model inside <paramref name="pretrained"/> (a fitted causal or masked language model, or a
    /// chain ending with one), its description and its tokenizer.
    /// </summary>
    /// <exception cref="ArgumentException">No language model is found (named <paramref name="parameterName"/>).</exception>
    public static (PretrainedBody Body, nn.Module Network, TextTokenizer Tokenizer) Of(ITransformer pretrained, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(pretrained, parameterName);
        var model = pretrained is TransformerChain<ITransformer> chain
            ? chain.LastOrDefault(t => t is CausalLanguageModelTransformer or MaskedLanguageModelTransformer or TextClassifierTransformer or TextEmbeddingTransformer)
            : pretrained;
        switch (model)
        {
            case TextClassifierTransformer classifier:
                return (classifier.Body, classifier.Network.Body, classifier.Tokenizer);
            case TextEmbeddingTransformer embedding:
                return (embedding.Body, embedding.Network, embedding.Tokenizer);
            case CausalLanguageModelTransformer { Network: Gpt gpt } causal:
                return (FromGpt(BodyKind.Gpt, gpt.Config), gpt, causal.Tokenizer);
            case CausalLanguageModelTransformer { Network: LstmLanguageNetwork lstm } causal:
                {
                    var c = lstm.Config;
                    var body = new PretrainedBody
                    {
                        Kind = BodyKind.Lstm, VocabularySize = c.VocabularySize, ContextLength = c.ContextLength, Layers = c.Layers, Heads = 1,
                        Width = c.EmbeddingSize, LstmHiddenSize = c.HiddenSize, TieEmbeddings = c.TieEmbeddings, Dropout = c.Dropout,
                    };
                    return (body, lstm, causal.Tokenizer);
                }

            case MaskedLanguageModelTransformer masked:
                return (FromGpt(BodyKind.Masked, masked.Network.Config), masked.Network, masked.Tokenizer);
            default:
                throw new ArgumentException(
                    $"The pre-trained model must be a fitted causal or masked language model (CausalLanguageModel, MaskedLanguageModel), a fine-tuned TextClassification or a TextEmbedding, or a chain that ends with one; it is {pretrained.GetType().Name}.",
                    parameterName);
        }
    }

    /// <summary>The language model saved in <paramref name="path"/> (a .zip of <c>mlContext.Model.Save</c>).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static ITransformer Load(MLContext mlContext, string path, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No pre-trained model at '{path}' ({parameterName}).", path);
        }

        return mlContext.Model.Load(path, out _);
    }

    private static PretrainedBody FromGpt(BodyKind kind, GptConfig c) => new()
    {
        Kind = kind, VocabularySize = c.VocabularySize, ContextLength = c.ContextLength, Layers = c.Layers, Heads = c.Heads,
        Width = c.Width, Dropout = c.Dropout, TieEmbeddings = true,
    };

    /// <summary>A network of this description (its weights from torch's generator; load the pre-trained ones after).</summary>
    public nn.Module Create() => Kind switch
    {
        BodyKind.Lstm => new LstmLanguageNetwork(new LstmConfig(VocabularySize, ContextLength, Layers, Width, LstmHiddenSize, Dropout, TieEmbeddings)),
        BodyKind.Masked => new MaskedLanguageNetwork(new GptConfig(VocabularySize, ContextLength, Layers, Heads, Width, Dropout)),
        _ => new Gpt(new GptConfig(VocabularySize, ContextLength, Layers, Heads, Width, Dropout)),
    };

    /// <summary>The per-token vectors <c>(B, T, F)</c> of <paramref name="idx"/> <c>(B, T)</c>; <paramref name="valid"/> <c>(B, T)</c> marks real tokens (right-padded).</summary>
    public static Tensor Features(nn.Module body, Tensor idx, Tensor valid) => body switch
    {
        MaskedLanguageNetwork masked => masked.Encode(idx, valid),
        CausalLanguageNetwork causal => causal.Features(idx),     // padding follows the text, so no real token sees it
        _ => throw new InvalidOperationException($"Not a language model body: {body.GetType().Name}."),
    };

    /// <summary>
    /// The layer a parameter of the body belongs to: -1 for the embeddings (before every layer), <c>Layers</c> for the
    /// final normalisation (after them), null for the language-model head a classifier does not use.
    /// </summary>
    public int? LayerOf(string parameterName)
    {
        if (LayerIndex().Match(parameterName) is { Success: true } block)
        {
            return int.Parse(block.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (LstmLayerIndex().Match(parameterName) is { Success: true } lstm)
        {
            return int.Parse(lstm.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (parameterName.StartsWith("ln_f.", StringComparison.Ordinal))
        {
            return Layers;
        }

        if (parameterName.StartsWith("head", StringComparison.Ordinal) || parameterName.StartsWith("projection", StringComparison.Ordinal))
        {
            return null;
        }

        return -1;
    }

    /// <summary>
    /// The ids a text is read as: the boundary token and the text's tokens, cut to <paramref name="length"/> ids; for a
    /// pair, the boundary token, the first text, the boundary token again and the second text, the longer of the two
    /// cut first (as BERT truncates pairs).
    /// </summary>
    public static long[] Sequence(long boundary, long[] first, long[]? second, int length)
    {
        if (second is null)
        {
            return [boundary, .. first.AsSpan(0, Math.Min(first.Length, length - 1))];
        }

        var (a, b) = (first.Length, second.Length);
        while (a + b > length - 2 && a + b > 0)
        {
            if (a >= b)
            {
                a--;
            }
            else
            {
                b--;
            }
        }

        return [boundary, .. first.AsSpan(0, a), boundary, .. second.AsSpan(0, b)];
    }

    public void Validate(ModelInputs inputs, string modelName)
    {
        var valid = Enum.IsDefined(Kind) && VocabularySize > 0 && ContextLength > 1 && Layers > 0 && Heads > 0 && Width > 0
            && (Kind != BodyKind.Lstm || LstmHiddenSize > 0) && (Kind == BodyKind.Lstm || Width % Heads == 0) && Dropout >= 0 && Dropout < 1
            && inputs.Find<TokenizedTextInput>() is { } text && text.Tokenizer.VocabularySize <= VocabularySize;
        if (!valid)
        {
            throw new InvalidDataException($"The saved {modelName} model's description of its pre-trained network does not fit its inputs. The file is damaged or was written by another program.");
        }
    }

    [GeneratedRegex(@"^h\.(\d+)\.")]
    private static partial Regex LayerIndex();

    [GeneratedRegex(@"^lstm\..*_l(\d+)(_reverse)?$")]
    private static partial Regex LstmLayerIndex();
}
