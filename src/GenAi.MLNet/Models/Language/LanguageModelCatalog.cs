using System;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;
using Microsoft.ML;

namespace GenAi.MLNet;

/// <summary>Language-model estimators on <see cref="GenerativeCatalog"/>.</summary>
public static class LanguageModelCatalog
{
    /// <summary>
    /// A causal (next-token) language model on a text column: a GPT (Radford et al. 2019) or an LSTM, with a
    /// tokenizer fitted to the text. The fitted model appends each row's log-likelihood, perplexity and bits
    /// per character, and generates text from prompts.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="textColumnName">Input: the text column.</param>
    /// <param name="architecture">GPT (transformer) or LSTM.</param>
    /// <param name="tokenizer">How text becomes tokens.</param>
    /// <param name="contextLength">Tokens of context.</param>
    /// <param name="epochs">Passes over the training text.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>textColumnName (input)</term><description>text</description></item>
    /// <item><term>LogLikelihood</term><description>Single: log p(text) in nats</description></item>
    /// <item><term>Perplexity</term><description>Single: per token</description></item>
    /// <item><term>BitsPerCharacter</term><description>Single</description></item>
    /// </list>
    /// </remarks>
    public static CausalLanguageModelEstimator CausalLanguageModel(this GenerativeCatalog catalog, string textColumnName = "Text",
        LanguageModelArchitecture architecture = LanguageModelArchitecture.Transformer, TokenizerKind tokenizer = TokenizerKind.Character, int contextLength = 64, int epochs = 3)
        => CausalLanguageModel(catalog, new CausalLanguageModelOptions
        {
            TextColumnName = textColumnName,
            Architecture = architecture,
            Tokenizer = tokenizer,
            ContextLength = contextLength,
            Epochs = epochs,
        });

    /// <summary>A causal language model with every option.</summary>
    public static CausalLanguageModelEstimator CausalLanguageModel(this GenerativeCatalog catalog, CausalLanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CausalLanguageModelEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Continues pre-training <paramref name="pretrained"/> on new text (e.g. domain-adaptive pre-training, Gururangan et al.
    /// 2020): the model starts from its weights, keeps its tokenizer and size (the options' architecture, size, context and
    /// tokenizer are replaced by the pre-trained model's), and trains with the options' optimisation settings.
    /// </summary>
    public static CausalLanguageModelEstimator CausalLanguageModel(this GenerativeCatalog catalog, CausalLanguageModelOptions options, CausalLanguageModelTransformer pretrained)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(pretrained);
        return new CausalLanguageModelEstimator(catalog.Context, options, pretrained);
    }

    /// <summary>
    /// A BERT-style masked language model (Devlin et al. 2019) on a text column: an encoder that sees both sides
    /// of every token, trained to recover the tokens BERT's masking hides (15 %: 80 % [MASK], 10 % random, 10 %
    /// kept), with a WordPiece tokenizer fitted to the text by default. The fitted model fills "[MASK]" markers
    /// and scores text by pseudo-log-likelihood.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="textColumnName">Input: the text column.</param>
    /// <param name="tokenizer">How text becomes tokens.</param>
    /// <param name="contextLength">Tokens of context.</param>
    /// <param name="epochs">Passes over the training text.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>textColumnName (input)</term><description>text, with "[MASK]" where a token is to be filled</description></item>
    /// <item><term>PseudoLogLikelihood</term><description>Single: nats</description></item>
    /// <item><term>Filled</term><description>text: the masks filled</description></item>
    /// </list>
    /// </remarks>
    public static MaskedLanguageModelEstimator MaskedLanguageModel(this GenerativeCatalog catalog, string textColumnName = "Text",
        TokenizerKind tokenizer = TokenizerKind.WordPiece, int contextLength = 64, int epochs = 3)
        => MaskedLanguageModel(catalog, new MaskedLanguageModelOptions
        {
            TextColumnName = textColumnName,
            Tokenizer = tokenizer,
            ContextLength = contextLength,
            Epochs = epochs,
        });

    /// <summary>A masked language model with every option.</summary>
    public static MaskedLanguageModelEstimator MaskedLanguageModel(this GenerativeCatalog catalog, MaskedLanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MaskedLanguageModelEstimator(catalog.Context, options);
    }

    /// <summary>
    /// A transform from a text column to a column of token ids (variable-length Int64 vectors), with a tokenizer
    /// fitted to the text (BPE and WordPiece learn their vocabulary; characters collect the alphabet; GPT-2's is
    /// fixed). The tokenizer is saved in the model's .zip; <see cref="TextTokenizingTransformer.Inverse"/> turns ids back into text.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="outputColumnName">Output: the token-id column.</param>
    /// <param name="inputColumnName">Input: the text column (default: <paramref name="outputColumnName"/>).</param>
    /// <param name="tokenizer">The kind of tokenizer.</param>
    /// <param name="vocabularySize">The vocabulary size of a BPE or WordPiece tokenizer.</param>
    public static TextTokenizingEstimator TokenizeText(this GenerativeCatalog catalog, string outputColumnName = "Tokens", string inputColumnName = "Text",
        TokenizerKind tokenizer = TokenizerKind.BytePair, int vocabularySize = 1000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextTokenizingEstimator(outputColumnName, inputColumnName, tokenizer, vocabularySize, null);
    }

    /// <summary>The same transform with a tokenizer you already have (e.g. <see cref="TextTokenizer.Gpt2"/> or one a model was trained with).</summary>
    public static TextTokenizingEstimator TokenizeText(this GenerativeCatalog catalog, TextTokenizer tokenizer, string outputColumnName = "Tokens", string inputColumnName = "Text")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new TextTokenizingEstimator(outputColumnName, inputColumnName, TokenizerKind.Character, 1000, tokenizer);
    }

    /// <summary>
    /// Fine-tunes a pre-trained language model (a fitted <see cref="CausalLanguageModel(GenerativeCatalog, CausalLanguageModelOptions)"/>
    /// or <see cref="MaskedLanguageModel(GenerativeCatalog, MaskedLanguageModelOptions)"/>, or a chain ending with one) as a text
    /// classifier, with the column contract of ML.NET's <c>TextClassification</c> trainer.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="pretrained">The pre-trained language model; its weights are copied now.</param>
    /// <param name="labelColumnName">Input: Boolean (binary) or key (multiclass) label.</param>
    /// <param name="sentence1ColumnName">Input: the text.</param>
    /// <param name="sentence2ColumnName">Input: an optional second text, for pairs.</param>
    /// <param name="scoreColumnName">Output: binary log-odds, or the class probabilities.</param>
    /// <param name="outputColumnName">Output: the predicted label.</param>
    /// <param name="mode">What fine-tuning trains.</param>
    /// <param name="batchSize">Texts per step.</param>
    /// <param name="maxEpochs">Passes over the labelled rows.</param>
    /// <remarks>
    /// <list type="table">
    /// <listheader><term>Column</term><description>Type</description></listheader>
    /// <item><term>labelColumnName (input)</term><description>Boolean, key or whole numbers</description></item>
    /// <item><term>sentence1ColumnName (input)</term><description>text</description></item>
    /// <item><term>Score</term><description>binary: Single log-odds; multiclass: vector of class probabilities</description></item>
    /// <item><term>Probability</term><description>binary only: Single</description></item>
    /// <item><term>PredictedLabel</term><description>binary: Boolean; multiclass: key</description></item>
    /// </list>
    /// </remarks>
    public static TextClassifierEstimator TextClassification(this GenerativeCatalog catalog, ITransformer pretrained, string labelColumnName = "Label",
        string sentence1ColumnName = "Sentence1", string? sentence2ColumnName = null, string scoreColumnName = "Score", string outputColumnName = "PredictedLabel",
        FineTuningMode mode = FineTuningMode.Full, int batchSize = 32, int maxEpochs = 4)
        => TextClassification(catalog, pretrained, new TextClassifierOptions
        {
            LabelColumnName = labelColumnName,
            Sentence1ColumnName = sentence1ColumnName,
            Sentence2ColumnName = sentence2ColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = outputColumnName,
            Mode = mode,
            BatchSize = batchSize,
            Epochs = maxEpochs,
        });

    /// <summary>A fine-tuned text classifier with every option.</summary>
    public static TextClassifierEstimator TextClassification(this GenerativeCatalog catalog, ITransformer pretrained, TextClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextClassifierEstimator(catalog.Context, options, pretrained);
    }

    /// <summary>A fine-tuned text classifier from a pre-trained language model saved with <c>mlContext.Model.Save</c>.</summary>
    /// <exception cref="System.IO.FileNotFoundException">No file at <paramref name="pretrainedModelPath"/>.</exception>
    public static TextClassifierEstimator TextClassification(this GenerativeCatalog catalog, string pretrainedModelPath, TextClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var pretrained = PretrainedBody.Load(catalog.Context, pretrainedModelPath, nameof(pretrainedModelPath));
        try
        {
            return new TextClassifierEstimator(catalog.Context, options, pretrained);
        }
        finally
        {
            (pretrained as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Contextual text embeddings: a pre-trained or fine-tuned language model (a fitted causal or masked language model,
    /// a fine-tuned <c>TextClassification</c>, or a chain ending with one) reads each text, and its per-token vectors are
    /// pooled into one vector per row — for semantic search, clustering, or as features of any ML.NET trainer.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="pretrained">The language model; its weights are copied now.</param>
    /// <param name="outputColumnName">Output: the vector column (Single, the model's width).</param>
    /// <param name="inputColumnName">Input: the text column.</param>
    /// <param name="pooling">Mean of the tokens, the first (boundary) token of a masked model, or the last token of a causal one.</param>
    /// <param name="maxTokens">Tokens read of each text; default the model's context after its boundary token.</param>
    public static TextEmbeddingEstimator TextEmbedding(this GenerativeCatalog catalog, ITransformer pretrained, string outputColumnName = "Embedding", string inputColumnName = "Text",
        TextPooling pooling = TextPooling.Mean, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextEmbeddingEstimator(pretrained, outputColumnName, inputColumnName, pooling, maxTokens);
    }
}
