namespace GenAi.MLNet.Models.Language;

/// <summary>How one vector is made of a text's per-token vectors.</summary>
public enum TextPooling
{
    /// <summary>The mean over the text's tokens.</summary>
    Mean,

    /// <summary>
    /// The first position: the boundary token put in front of every text, BERT's [CLS]. Only an encoder that sees
    /// both sides (a masked language model) can gather the text there.
    /// </summary>
    First,

    /// <summary>The last token: the only position of a causal model (GPT, LSTM) that has read the whole text (Radford et al. 2018).</summary>
    Last,
}
