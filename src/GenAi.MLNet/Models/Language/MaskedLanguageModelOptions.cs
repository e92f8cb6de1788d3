using System;
using GenAi.MLNet.Text;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Options of <see cref="MaskedLanguageModelEstimator"/>: BERT's masking (15 % of the tokens chosen; of those
/// 80 % replaced by [MASK], 10 % by a random token, 10 % kept) on a WordPiece vocabulary by default.
/// </summary>
public sealed class MaskedLanguageModelOptions : LanguageModelOptions
{
    /// <summary>Creates the options with the masked-LM defaults (a WordPiece tokenizer).</summary>
    public MaskedLanguageModelOptions()
    {
        Tokenizer = TokenizerKind.WordPiece;
    }

    /// <summary>Output: log p(text) as the sum over its tokens of log p(token | every other token), each masked in turn (Salazar et al. 2020). Default "PseudoLogLikelihood".</summary>
    public string PseudoLogLikelihoodColumnName { get; set; } = "PseudoLogLikelihood";

    /// <summary>Output: the text with every <see cref="MaskToken"/> replaced by the model's most likely token. Default "Filled".</summary>
    public string FilledColumnName { get; set; } = "Filled";

    /// <summary>The marker of a position to fill in input text. Default "[MASK]".</summary>
    public string MaskToken { get; set; } = "[MASK]";

    /// <summary>Share of the tokens of each training window the model must predict. Default 0.15.</summary>
    public double MaskProbability { get; set; } = 0.15;

    /// <summary>Of the chosen tokens, the share replaced by [MASK]. Default 0.8.</summary>
    public double MaskReplaceFraction { get; set; } = 0.8;

    /// <summary>Of the chosen tokens, the share replaced by a random token (the rest stay as they are). Default 0.1.</summary>
    public double RandomReplaceFraction { get; set; } = 0.1;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CheckOutputNames((PseudoLogLikelihoodColumnName, nameof(PseudoLogLikelihoodColumnName)), (FilledColumnName, nameof(FilledColumnName)));
        if (string.IsNullOrEmpty(MaskToken))
        {
            throw new ArgumentException("MaskToken must be a non-empty marker.", nameof(MaskToken));
        }

        if (!(MaskProbability > 0 && MaskProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaskProbability), MaskProbability, "MaskProbability must lie in (0, 1).");
        }

        if (!(MaskReplaceFraction >= 0 && RandomReplaceFraction >= 0 && MaskReplaceFraction + RandomReplaceFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaskReplaceFraction), MaskReplaceFraction, "MaskReplaceFraction and RandomReplaceFraction must be non-negative and add up to at most 1.");
        }
    }
}
