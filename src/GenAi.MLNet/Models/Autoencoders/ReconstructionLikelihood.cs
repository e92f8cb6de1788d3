namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>The decoder's likelihood p(x|z), which sets the reconstruction loss.</summary>
public enum ReconstructionLikelihood
{
    /// <summary>
    /// Decided from the training data: <see cref="Bernoulli"/> when every value lies in [0, 1] (images),
    /// else <see cref="Gaussian"/> (tabular and other real-valued data). The fitted model's options record the choice.
    /// </summary>
    Auto,

    /// <summary>Bernoulli per value (binary cross-entropy); inputs must lie in [0, 1]. Reconstructions pass through a sigmoid.</summary>
    Bernoulli,

    /// <summary>
    /// Gaussian (squared error); any real inputs. Its standard deviation is calibrated per feature unless
    /// <see cref="AutoencoderOptions.GaussianSigma"/> fixes it.
    /// </summary>
    Gaussian,

    /// <summary>
    /// Multinomial over the features (Liang et al. 2018, Mult-VAE): each row is a bag of counts or a multi-hot vector
    /// (e.g. the items a user interacted with), the decoder a softmax over the features, the reconstruction loss
    /// −Σ x_d log softmax(logits)_d. The encoder reads the row L2-normalised; reconstructions are probabilities
    /// summing to 1 (rank them to recommend). Never chosen by <see cref="Auto"/>.
    /// </summary>
    Multinomial,
}
