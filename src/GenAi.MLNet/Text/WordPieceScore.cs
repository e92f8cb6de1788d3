namespace GenAi.MLNet.Text;

/// <summary>How <see cref="WordPieceTrainer"/> ranks the pairs it may merge next.</summary>
public enum WordPieceScore
{
    /// <summary>The pair's count, as byte-pair encoding and Hugging Face's WordPiece trainer rank pairs.</summary>
    Frequency,

    /// <summary>
    /// count(ab) / (count(a) count(b)): the merge that most raises the corpus likelihood under a unigram model
    /// (Schuster and Nakajima 2012, as Hugging Face's course describes WordPiece). It favours pairs whose
    /// parts are rare, so a small vocabulary fills with whole rare words.
    /// </summary>
    Likelihood,
}
