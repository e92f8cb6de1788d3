namespace GenAi.MLNet.Models.Bayes;

/// <summary>How a naive Bayes classifier models each feature given the class, p(x_j | y).</summary>
public enum NaiveBayesLikelihood
{
    /// <summary>A normal distribution per class and feature (continuous features, e.g. standardised readings or pixels).</summary>
    Gaussian,

    /// <summary>
    /// A multinomial over the features (non-negative counts, e.g. word or n-gram counts from <c>FeaturizeText</c>):
    /// each class is a bag-of-n-grams language model, and the classifier compares how likely each class's model
    /// finds the text.
    /// </summary>
    Multinomial,

    /// <summary>A Bernoulli per class and feature: is the feature present (above <c>BinarizeThreshold</c>) or not (binary images, word presence).</summary>
    Bernoulli,
}
