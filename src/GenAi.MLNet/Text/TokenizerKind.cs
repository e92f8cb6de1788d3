namespace GenAi.MLNet.Text;

/// <summary>How a text model cuts its text column into tokens (the tokenizer is fitted with the model and saved in its .zip).</summary>
public enum TokenizerKind
{
    /// <summary>One token per character seen in training (id 0 for unseen characters).</summary>
    Character,

    /// <summary>Byte-level BPE learned from the training text (as GPT-2 applies it); every text encodes and decodes exactly.</summary>
    BytePair,

    /// <summary>WordPiece learned from the training text (as BERT applies it), lower-cased.</summary>
    WordPiece,

    /// <summary>GPT-2's own byte-level BPE (50,257 tokens), not trained on your text.</summary>
    Gpt2,
}
