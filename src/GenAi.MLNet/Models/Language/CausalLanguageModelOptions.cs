using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Options of <see cref="CausalLanguageModelEstimator"/>. The optimisation defaults are nanoGPT's for small
/// models (AdamW, β2 0.99, weight decay 0.1, 100 warm-up steps then cosine decay to a tenth, clipping at 1).
/// </summary>
public sealed class CausalLanguageModelOptions : LanguageModelOptions
{
    /// <summary>Output: the row's log-likelihood in nats, summed over its tokens (over the text's tokens given the prompt, with <see cref="PromptColumnName"/>). Default "LogLikelihood".</summary>
    public string LogLikelihoodColumnName { get; set; } = "LogLikelihood";

    /// <summary>Output: exp of the mean negative log-likelihood per token. Default "Perplexity".</summary>
    public string PerplexityColumnName { get; set; } = "Perplexity";

    /// <summary>Output: the negative log-likelihood in bits per character of the text, comparable across tokenizers. Default "BitsPerCharacter".</summary>
    public string BitsPerCharacterColumnName { get; set; } = "BitsPerCharacter";

    /// <summary>
    /// Input, optional: a text column of prompts, for prompt → answer rows (supervised fine-tuning, an instruction or
    /// a question and its answer, a source and its translation). When set, every row is read on its own as its prompt
    /// followed by its text (no packing, whatever <see cref="LanguageModelOptions.PackRows"/> says), the loss counts
    /// the text's tokens only, and the fitted model scores the text given the prompt. Generating from the prompt then
    /// writes the answer. Default null (every token of the text column is learnt and scored).
    /// </summary>
    public string? PromptColumnName { get; set; }

    /// <summary>The network. Default <see cref="LanguageModelArchitecture.Transformer"/>.</summary>
    public LanguageModelArchitecture Architecture { get; set; } = LanguageModelArchitecture.Transformer;

    /// <summary>The LSTM's hidden size. Default 256.</summary>
    public int LstmHiddenSize { get; set; } = 256;

    /// <summary>Tie the LSTM's output layer to its embeddings (the transformer always ties them, as GPT-2). Default true.</summary>
    public bool TieEmbeddings { get; set; } = true;

    private protected override bool UsesHeads => Architecture == LanguageModelArchitecture.Transformer;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CheckOutputNames((LogLikelihoodColumnName, nameof(LogLikelihoodColumnName)), (PerplexityColumnName, nameof(PerplexityColumnName)), (BitsPerCharacterColumnName, nameof(BitsPerCharacterColumnName)));
        if (PromptColumnName is { } prompt)
        {
            if (string.IsNullOrWhiteSpace(prompt))
            {
                throw new ArgumentException("PromptColumnName must name a column, or be null for no prompts.", nameof(PromptColumnName));
            }

            if (new[] { TextColumnName, LogLikelihoodColumnName, PerplexityColumnName, BitsPerCharacterColumnName }.Contains(prompt, StringComparer.Ordinal))
            {
                throw new ArgumentException($"PromptColumnName ('{prompt}') must differ from TextColumnName and the output columns.", nameof(PromptColumnName));
            }
        }
        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        }

        Positive(LstmHiddenSize, nameof(LstmHiddenSize));
    }
}
