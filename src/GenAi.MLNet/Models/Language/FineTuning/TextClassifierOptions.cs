using System;
using System.Linq;
using GenAi.MLNet.Training;

namespace GenAi.MLNet.Models.Language;

/// <summary>
/// Options of <see cref="TextClassifierEstimator"/>: the column contract of ML.NET's <c>TextClassification</c>
/// trainer (Label, Sentence1, optional Sentence2, Score, PredictedLabel), what fine-tuning changes, and
/// BERT's fine-tuning recipe (AdamW with weight decay 0.01, a tenth of the steps as warm-up, then cosine decay; 4
/// epochs of batches of 32; clipping at 1) at a learning rate of 1e-3 that suits the small models trained here (large
/// pre-trained models want 2e-5 to 1e-4: on SpamAssassin subjects a 2-layer character GPT reached AUC 0.857 with
/// 3e-4 or 1e-3, and accuracy 0.79 against 0.76).
/// </summary>
public sealed class TextClassifierOptions : TorchTrainerOptions
{
    /// <summary>Creates the options with fine-tuning defaults.</summary>
    public TextClassifierOptions()
    {
        Epochs = 4;
        BatchSize = 32;
        LearningRate = 1e-3;
        Optimizer = OptimizerKind.AdamW;
        WeightDecay = 0.01;
        LearningRateSchedule = LearningRateSchedule.WarmupCosine;
        GradientClipNorm = 1.0;
    }

    /// <summary>
    /// Input: the label. Boolean for a binary classifier (outputs Score, Probability and a Boolean PredictedLabel,
    /// as ML.NET's binary classifiers); a key type (<c>MapValueToKey</c>) or whole numbers for a multiclass one
    /// (a Score vector of class probabilities and a key PredictedLabel). Default "Label".
    /// </summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Input: the text column. Default "Sentence1" (ML.NET's <c>TextClassification</c> name).</summary>
    public string Sentence1ColumnName { get; set; } = "Sentence1";

    /// <summary>Input: an optional second text column, for pairs (read after the first, past a boundary token). Default null.</summary>
    public string? Sentence2ColumnName { get; set; }

    /// <summary>Output: the raw score of a binary classifier (log-odds), or a multiclass one's class probabilities. Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Output: the predicted class. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Output of a binary classifier: the probability of the true class. Default "Probability".</summary>
    public string ProbabilityColumnName { get; set; } = "Probability";

    /// <summary>What fine-tuning trains. Default <see cref="FineTuningMode.Full"/>.</summary>
    public FineTuningMode Mode { get; set; } = FineTuningMode.Full;

    /// <summary>With <see cref="FineTuningMode.LastLayers"/>: how many of the last layers train. Default 1.</summary>
    public int TrainableLayers { get; set; } = 1;

    /// <summary>How a text's token vectors become one. Default <see cref="TextPooling.Mean"/>.</summary>
    public TextPooling Pooling { get; set; } = TextPooling.Mean;

    /// <summary>Dropout before the classification head. Default 0.1.</summary>
    public double HeadDropout { get; set; } = 0.1;

    /// <summary>
    /// Tokens read of each text (after the boundary token); longer texts are cut. Default null: the pre-trained
    /// model's context length (the most its positions cover).
    /// </summary>
    public int? MaxTokens { get; set; }

    /// <summary>Warm-up as a fraction of the planned steps (BERT's 10 %), used when <c>WarmupSteps</c> is 0. Default 0.1.</summary>
    public double WarmupFraction { get; set; } = 0.1;

    /// <summary>At most this many classes. Default 1000.</summary>
    public int MaxClasses { get; set; } = 1000;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        var names = new (string? Value, string Name)[]
        {
            (LabelColumnName, nameof(LabelColumnName)), (Sentence1ColumnName, nameof(Sentence1ColumnName)),
            (ScoreColumnName, nameof(ScoreColumnName)), (PredictedLabelColumnName, nameof(PredictedLabelColumnName)), (ProbabilityColumnName, nameof(ProbabilityColumnName)),
        };
        foreach (var (value, name) in names)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must name a column.", name);
            }
        }

        if (Sentence2ColumnName is { } second && (string.IsNullOrWhiteSpace(second) || second == Sentence1ColumnName))
        {
            throw new ArgumentException("Sentence2ColumnName must be null or name a column other than Sentence1ColumnName.", nameof(Sentence2ColumnName));
        }

        var outputs = new[] { ScoreColumnName, PredictedLabelColumnName, ProbabilityColumnName };
        var inputs = new[] { LabelColumnName, Sentence1ColumnName, Sentence2ColumnName };
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length || outputs.Any(o => inputs.Contains(o, StringComparer.Ordinal)))
        {
            throw new ArgumentException("ScoreColumnName, PredictedLabelColumnName and ProbabilityColumnName need names of their own, different from the input columns.", nameof(ScoreColumnName));
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown fine-tuning mode.");
        }

        if (!Enum.IsDefined(Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, "Unknown pooling.");
        }

        Positive(TrainableLayers, nameof(TrainableLayers));
        Positive(MaxClasses, nameof(MaxClasses));
        if (MaxTokens is { } tokens)
        {
            Positive(tokens, nameof(MaxTokens));
        }

        if (!(HeadDropout >= 0 && HeadDropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeadDropout), HeadDropout, "HeadDropout must lie in [0, 1).");
        }

        if (!(WarmupFraction >= 0 && WarmupFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, "WarmupFraction must lie in [0, 1).");
        }
    }
}
