namespace GenAi.MLNet.Models.Language;

/// <summary>Which of a pre-trained language model's weights fine-tuning changes.</summary>
public enum FineTuningMode
{
    /// <summary>Every weight (Howard and Ruder 2018; Devlin et al. 2019): the most accurate with enough labels.</summary>
    Full,

    /// <summary>Only the new classification head; the pre-trained body stays as it is (a linear probe of its features).</summary>
    FrozenBody,

    /// <summary>The head and the last <see cref="TextClassifierOptions.TrainableLayers"/> layers (with the final normalisation); the rest stays frozen.</summary>
    LastLayers,
}
