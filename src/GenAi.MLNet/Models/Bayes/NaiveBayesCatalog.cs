using System;
using GenAi.MLNet.Models.Bayes;

namespace GenAi.MLNet;

/// <summary>The naive Bayes classifier (a generative classifier) on <see cref="GenerativeCatalog"/>.</summary>
public static class NaiveBayesCatalog
{
    /// <summary>
    /// A naive Bayes classifier: models p(x | y) feature by feature and p(y) from the class frequencies, then
    /// classifies by Bayes' rule. The generative counterpart of logistic regression (Ng and Jordan 2002).
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="labelColumnName">Input: the class (Boolean, key or whole numbers).</param>
    /// <param name="featureColumnName">Input: a known-size vector of Single.</param>
    /// <param name="likelihood">Gaussian for continuous features, Multinomial for counts (text), Bernoulli for presence.</param>
    /// <remarks>Output columns: Score, Probability (binary), PredictedLabel, LogLikelihood — see <see cref="NaiveBayesTransformer"/>.</remarks>
    public static NaiveBayesEstimator NaiveBayes(this GenerativeCatalog catalog, string labelColumnName = "Label", string featureColumnName = "Features",
        NaiveBayesLikelihood likelihood = NaiveBayesLikelihood.Gaussian)
        => NaiveBayes(catalog, new NaiveBayesOptions { LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Likelihood = likelihood });

    /// <summary>A naive Bayes classifier with every option.</summary>
    public static NaiveBayesEstimator NaiveBayes(this GenerativeCatalog catalog, NaiveBayesOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NaiveBayesEstimator(options);
    }
}
