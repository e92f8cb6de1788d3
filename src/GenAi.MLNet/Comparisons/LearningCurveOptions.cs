using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Comparisons;

/// <summary>Options of <see cref="ComparisonCatalog.LearningCurve"/>.</summary>
public sealed class LearningCurveOptions
{
    /// <summary>The class column every model reads (Boolean, or a key for several classes). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// Training-set sizes, in rows. Default null: 1-2-5 steps (10, 20, 50, 100, ...) from one row per class up to all
    /// the training rows, which are always the last size.
    /// </summary>
    public int[]? TrainingSizes { get; set; }

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

        if (TrainingSizes is not null && (TrainingSizes.Length == 0 || TrainingSizes.Any(s => s < 2)))
        {
            throw new ArgumentException("TrainingSizes must list at least one size of at least 2 rows (or be null for sizes chosen from the data).", nameof(TrainingSizes));
        }

        if (Repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Repeats), Repeats, "Repeats must be at least 1.");
        }
    }

    /// <summary>The default sizes: 1-2-5 steps from the class count (at least 2) up to <paramref name="rows"/>, which ends the list.</summary>
    internal static int[] SizesUpTo(int rows, int classes)
    {
        var sizes = new List<int>();
        for (var decade = 1; decade <= rows; decade *= 10)
        {
            foreach (var step in new[] { 1, 2, 5 })
            {
                var size = decade * step;
                if (size >= Math.Max(2, classes) && size < rows)
                {
                    sizes.Add(size);
                }
            }

            if (decade > int.MaxValue / 10)
            {
                break;
            }
        }

        sizes.Add(rows);
        return sizes.ToArray();
    }
}
