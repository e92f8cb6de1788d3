using System;
using GenAi.MLNet.Models.Language;
using GenAi.MLNet.Text;

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
}
