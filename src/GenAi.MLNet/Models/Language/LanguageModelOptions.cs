using System;
using System.Linq;
using GenAi.MLNet.Text;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// What the text models' options share: the text column, the tokenizer, the context, the transformer's size
/// and a step budget. The optimisation defaults are nanoGPT's for small models (AdamW, β2 0.99, weight decay
/// 0.1, 100 warm-up steps then cosine decay to a tenth, clipping at 1).
/// </summary>
public abstract class LanguageModelOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with the language-model defaults.</summary>
    protected LanguageModelOptions()
    {
        Epochs = 3;
        BatchSize = 32;
        Optimizer = OptimizerKind.AdamW;
        AdamBeta2 = 0.99;
        WeightDecay = 0.1;
        LearningRateSchedule = LearningRateSchedule.WarmupCosine;
        WarmupSteps = 100;
        GradientClipNorm = 1.0;
    }

    /// <summary>Input: the text column (one document, paragraph or line per row). Default "Text".</summary>
    public string TextColumnName { get; set; } = "Text";

    /// <summary>The tokenizer, fitted to the training text (and saved with the model). Default <see cref="TokenizerKind.Character"/>.</summary>
    public TokenizerKind Tokenizer { get; set; } = TokenizerKind.Character;

    /// <summary>Vocabulary size of a trained BPE or WordPiece tokenizer. Default 1000.</summary>
    public int TokenizerVocabularySize { get; set; } = 1000;

    /// <summary>Tokens of context: training windows and scoring chunks have this many; the transformer learns this many positions. Default 64.</summary>
    public int ContextLength { get; set; } = 64;

    /// <summary>Transformer blocks or LSTM layers. Default 4.</summary>
    public int Layers { get; set; } = 4;

    /// <summary>The transformer's attention heads (must divide <see cref="EmbeddingSize"/>). Default 4.</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Width of the token embeddings (the transformer's width). Default 128.</summary>
    public int EmbeddingSize { get; set; } = 128;

    /// <summary>Dropout on embeddings, attention, residual and LSTM outputs while training. Default 0.1.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>
    /// Join the rows into one stream cut into full windows (true), or give every row windows of its own, starting at
    /// its boundary token and padded (false: each example at the positions a prompt has when generating, as for
    /// prompt → answer rows; a row longer than the context continues in further windows). Default true (pre-training on a corpus).
    /// </summary>
    public bool PackRows { get; set; } = true;

    /// <summary>Stop after this many optimizer steps even within an epoch (the schedule then spans exactly these steps). Default null (all epochs).</summary>
    public int? MaxSteps { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(TextColumnName))
        {
            throw new ArgumentException("TextColumnName must name a column.", nameof(TextColumnName));
        }

        if (!Enum.IsDefined(Tokenizer))
        {
            throw new ArgumentOutOfRangeException(nameof(Tokenizer), Tokenizer, "Unknown tokenizer.");
        }

        if (TokenizerVocabularySize < 300)
        {
            throw new ArgumentOutOfRangeException(nameof(TokenizerVocabularySize), TokenizerVocabularySize, "TokenizerVocabularySize must be at least 300 (BPE starts from 256 byte tokens).");
        }

        if (ContextLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "ContextLength must be at least 2.");
        }

        Positive(Layers, nameof(Layers));
        Positive(Heads, nameof(Heads));
        Positive(EmbeddingSize, nameof(EmbeddingSize));
        if (UsesHeads && EmbeddingSize % Heads != 0)
        {
            throw new ArgumentException($"EmbeddingSize ({EmbeddingSize}) must be a multiple of Heads ({Heads}).", nameof(EmbeddingSize));
        }

        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must lie in [0, 1).");
        }

        if (MaxSteps is { } steps)
        {
            Positive(steps, nameof(MaxSteps));
        }
    }

    /// <summary>True when the network has attention heads (an LSTM has none, so <see cref="Heads"/> need not divide its width).</summary>
    private protected virtual bool UsesHeads => true;

    /// <summary>Checks that output columns are named, differently from each other and from the text column.</summary>
    private protected void CheckOutputNames(params (string Value, string Name)[] outputs)
    {
        foreach (var (value, name) in outputs)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must name a column.", name);
            }
        }

        if (outputs.Select(o => o.Value).Append(TextColumnName).Distinct(StringComparer.Ordinal).Count() != outputs.Length + 1)
        {
            throw new ArgumentException($"The output columns ({string.Join(", ", outputs.Select(o => o.Name))}) need names of their own, different from TextColumnName.", outputs[0].Name);
        }
    }
}
