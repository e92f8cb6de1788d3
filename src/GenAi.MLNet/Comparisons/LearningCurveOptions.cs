using System;
using System.Linq;

namespace GenAi.MLNet.Comparisons;

/// <summary>Options of <see cref="ComparisonCatalog.LearningCurve"/>.</summary>
public sealed class LearningCurveOptions
{
    /// <summary>The class column every model reads (Boolean, or a key for several classes). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Training-set sizes, in rows, smallest first. Default 20, 50, 100, 200, 500, 1,000, 2,000.</summary>
    public int[] TrainingSizes { get; set; } = [20, 50, 100, 200, 500, 1000, 2000];

    /// <summary>Random training subsets drawn per size (the curve shows their mean and spread). Default 5.</summary>
    public int Repeats { get; set; } = 5;

    /// <summary>Seed of the subsets; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks every option; errors name the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("LabelColumnName must name a column.", nameof(LabelColumnName));
        }

        if (TrainingSizes is null || TrainingSizes.Length == 0 || TrainingSizes.Any(s => s < 2))
        {
            throw new ArgumentException("TrainingSizes must list at least one size of at least 2 rows.", nameof(TrainingSizes));
        }

        if (Repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "Repeats must be at least 1.");
        }
    }
}
