using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Plotting;

namespace GenAi.MLNet.Comparisons;

/// <summary>Test accuracy of each model against the number of training rows (mean and standard deviation over the repeats).</summary>
public sealed class LearningCurveResult
{
    private readonly Dictionary<string, double[][]> _accuracies;

    internal LearningCurveResult(IReadOnlyList<int> sizes, IReadOnlyList<string> models, Dictionary<string, double[][]> accuracies)
    {
        Sizes = sizes;
        Models = models;
        _accuracies = accuracies;
    }

    /// <summary>The training-set sizes, in rows.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The models' names, in the order given.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Every repeat's test accuracy of <paramref name="model"/> at <paramref name="size"/> rows.</summary>
    public IReadOnlyList<double> Accuracies(string model, int size) => _accuracies[Known(model)][IndexOf(size)];

    /// <summary>Mean test accuracy of <paramref name="model"/> at <paramref name="size"/> training rows.</summary>
    public double Accuracy(string model, int size) => Accuracies(model, size).Average();

    /// <summary>Standard deviation of the test accuracy over the repeats.</summary>
    public double StandardDeviation(string model, int size)
    {
        var values = Accuracies(model, size);
        var mean = values.Average();
        return values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The smallest size from which <paramref name="model"/>'s mean accuracy stays at or above <paramref name="other"/>'s; null if it never does.</summary>
    public int? CatchesUpAt(string model, string other)
    {
        int? from = null;
        foreach (var size in Sizes)
        {
            if (Accuracy(model, size) >= Accuracy(other, size))
            {
                from ??= size;
            }
            else
            {
                from = null;
            }
        }

        return from;
    }

    /// <summary>The curve as a table: one row per size, one column per model (mean accuracy).</summary>
    public MetricsTable ToTable(string title = "Test accuracy against training rows")
    {
        var table = new MetricsTable(title, Models.ToArray());
        foreach (var size in Sizes)
        {
            table.Add(size.ToString("N0", CultureInfo.InvariantCulture), Models.Select(m => (double?)Accuracy(m, size)).ToArray());
        }

        return table;
    }

    /// <summary>The curves: accuracy against log10 of the training rows.</summary>
    public PlotImage Plot(string? title = null) => Plots.Lines(
        Models.Select(m => (m, (IReadOnlyList<double>)Sizes.Select(s => Math.Log10(s)).ToArray(), (IReadOnlyList<double>)Sizes.Select(s => Accuracy(m, s)).ToArray())),
        title ?? "Learning curves", "log10(training rows)", "test accuracy");

    private string Known(string model) => _accuracies.ContainsKey(model) ? model
        : throw new ArgumentException($"No model '{model}'. Models: {string.Join(", ", Models)}.", nameof(model));

    private int IndexOf(int size)
    {
        for (var i = 0; i < Sizes.Count; i++)
        {
            if (Sizes[i] == size)
            {
                return i;
            }
        }

        throw new ArgumentException($"No size {size}. Sizes: {string.Join(", ", Sizes)}.", nameof(size));
    }
}
