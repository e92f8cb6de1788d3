namespace GenAi.MLNet.Models.Language;

/// <summary>The network of a causal language model.</summary>
public enum LanguageModelArchitecture
{
    /// <summary>A GPT: decoder-only transformer with learned positions and tied embeddings.</summary>
    Transformer,

    /// <summary>A stacked LSTM with (optionally) tied embeddings.</summary>
    Lstm,
}
