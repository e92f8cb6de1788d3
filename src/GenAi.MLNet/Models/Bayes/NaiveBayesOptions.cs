using System;
using System.Linq;

namespace GenAi.MLNet.Models.Bayes;

/// <summary>Options of the naive Bayes classifier (a generative classifier: it models p(x | y) and p(y), then applies Bayes' rule).</summary>
public sealed class NaiveBayesOptions
{
    /// <summary>Input: the class, a Boolean, a key (e.g. from <c>MapValueToKey</c>) or whole numbers. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Input: a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The per-feature model p(x_j | y). Default <see cref="NaiveBayesLikelihood.Gaussian"/>.</summary>
    public NaiveBayesLikelihood Likelihood { get; set; } = NaiveBayesLikelihood.Gaussian;

    /// <summary>
    /// Additive (Laplace/Lidstone) smoothing alpha of the multinomial and Bernoulli likelihoods: pseudo-counts added
    /// to every feature of every class, so an n-gram never seen in a class does not get probability zero. Default 1 (Laplace).
    /// </summary>
    public double Smoothing { get; set; } = 1.0;

    /// <summary>
    /// Gaussian likelihood: this fraction of the largest feature variance is added to every variance, so a feature
    /// that is constant within a class (e.g. a border pixel) does not get a zero-width density. Default 1e-9
    /// (scikit-learn's <c>var_smoothing</c>); with very few rows per class, 1e-2 to 1e-1 is steadier.
    /// </summary>
    public double VarianceSmoothing { get; set; } = 1e-9;

    /// <summary>Bernoulli likelihood: a feature counts as present when its value is above this. Default 0.</summary>
    public float BinarizeThreshold { get; set; }

    /// <summary>
    /// Class prior p(y): null (default) estimates it from the training rows' class frequencies; otherwise
    /// one probability per class in class order (Boolean labels: false, true), summing to 1 — e.g. uniform priors.
    /// </summary>
    public double[]? ClassPriors { get; set; }

    /// <summary>At most this many classes in the label column (a guard against passing an ID column). Default 1,000.</summary>
    public int MaxClasses { get; set; } = 1000;

    /// <summary>Output: binary, Single, the log-odds log p(true | x) − log p(false | x); multiclass, vector of Single, each class's posterior probability. Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Output (binary labels only): Single, the posterior probability of true. Default "Probability".</summary>
    public string ProbabilityColumnName { get; set; } = "Probability";

    /// <summary>Output: binary, Boolean; multiclass, a key of the label's classes. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>
    /// Output: Single, log p(x) in nats — how likely the input is under the fitted model of the data, which a
    /// discriminative classifier cannot tell (low values flag unusual rows). Multinomial: up to the multinomial
    /// coefficient, the same for every class. Default "LogLikelihood".
    /// </summary>
    public string LogLikelihoodColumnName { get; set; } = "LogLikelihood";

    /// <summary>Checks every option; errors name the option.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        Name(LabelColumnName, nameof(LabelColumnName));
        Name(FeatureColumnName, nameof(FeatureColumnName));
        if (!Enum.IsDefined(Likelihood))
        {
            throw new ArgumentOutOfRangeException(nameof(Likelihood), Likelihood, "Likelihood must be Gaussian, Multinomial or Bernoulli.");
        }

        if (!double.IsFinite(Smoothing) || Smoothing <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Smoothing), Smoothing, "Smoothing must be a positive pseudo-count (1 = Laplace).");
        }

        if (!double.IsFinite(VarianceSmoothing) || VarianceSmoothing <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(VarianceSmoothing), VarianceSmoothing, "VarianceSmoothing must be positive (a fraction of the largest variance, e.g. 1e-9).");
        }

        if (!float.IsFinite(BinarizeThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(BinarizeThreshold), BinarizeThreshold, "BinarizeThreshold must be finite.");
        }

        if (MaxClasses < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClasses), MaxClasses, "MaxClasses must be at least 2.");
        }

        if (ClassPriors is { } priors)
        {
            if (priors.Length < 2 || priors.Any(p => !double.IsFinite(p) || p <= 0) || Math.Abs(priors.Sum() - 1) > 1e-6)
            {
                throw new ArgumentException("ClassPriors must hold one positive probability per class (at least two), summing to 1.", nameof(ClassPriors));
            }
        }

        Name(ScoreColumnName, nameof(ScoreColumnName));
        Name(ProbabilityColumnName, nameof(ProbabilityColumnName));
        Name(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        Name(LogLikelihoodColumnName, nameof(LogLikelihoodColumnName));
        var outputs = new[] { ScoreColumnName, ProbabilityColumnName, PredictedLabelColumnName, LogLikelihoodColumnName };
        if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length)
        {
            throw new ArgumentException($"Output column names must differ: {string.Join(", ", outputs)}.", nameof(ScoreColumnName));
        }
    }

    private static void Name(string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{option} must name a column.", option);
        }
    }
}
