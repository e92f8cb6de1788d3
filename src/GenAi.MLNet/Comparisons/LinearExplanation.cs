using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace GenAi.MLNet.Comparisons;

/// <summary>One feature's weight in a linear model, and its part in one decision.</summary>
/// <param name="Slot">The feature's index in the feature vector.</param>
/// <param name="Name">Its slot name (e.g. an n-gram) or index.</param>
/// <param name="Weight">The model's weight for the feature.</param>
/// <param name="Value">The feature's value in the explained row (0 for a weight listing).</param>
/// <param name="Contribution">Weight x value: the feature's share of the row's score (for a weight listing, the weight).</param>
public sealed record LinearContribution(int Slot, string Name, double Weight, float Value, double Contribution);

/// <summary>
/// How a traditional linear classifier (logistic regression, SDCA, averaged perceptron, ...) explains itself:
/// its largest weights, and for one row each feature's weight x value. Finds the linear predictor anywhere in a
/// fitted ML.NET pipeline (calibrated or not).
/// </summary>
public static class LinearExplanation
{
    /// <summary>The <paramref name="top"/> largest weights by size (positive push toward true), named by the feature column's slot names.</summary>
    /// <param name="model">A fitted pipeline holding a linear binary predictor.</param>
    /// <param name="inputSchema">The schema of the data the pipeline is applied to (slot names are read from the feature column it produces).</param>
    /// <param name="top">How many.</param>
    /// <exception cref="ArgumentException">The pipeline holds no linear binary predictor.</exception>
    public static IReadOnlyList<LinearContribution> TopWeights(ITransformer model, DataViewSchema inputSchema, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var (weights, feature) = Find(model);
        var names = SlotNames(model.GetOutputSchema(inputSchema), feature, weights.Count);
        return Enumerable.Range(0, weights.Count).Where(j => weights[j] != 0)
            .OrderByDescending(j => Math.Abs(weights[j])).ThenBy(j => j).Take(top)
            .Select(j => new LinearContribution(j, names[j], weights[j], 0, weights[j])).ToArray();
    }

    /// <summary>The <paramref name="top"/> largest weight x value terms of the first row of <paramref name="scored"/> (the pipeline's output).</summary>
    /// <param name="model">A fitted pipeline holding a linear binary predictor.</param>
    /// <param name="scored">The pipeline's output for the row to explain (its first row is used).</param>
    /// <param name="top">How many.</param>
    /// <exception cref="ArgumentException">The pipeline holds no linear binary predictor, or the view is empty.</exception>
    public static IReadOnlyList<LinearContribution> Explain(ITransformer model, IDataView scored, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var (weights, feature) = Find(model);
        var row = scored.GetColumn<VBuffer<float>>(feature).FirstOrDefault();
        if (row.Length != weights.Count)
        {
            throw new ArgumentException($"The scored rows' column '{feature}' has {row.Length} values (or no rows); the model has {weights.Count} weights.", nameof(scored));
        }

        var names = SlotNames(scored.Schema, feature, weights.Count);
        var dense = row.DenseValues().ToArray();
        return Enumerable.Range(0, weights.Count).Where(j => dense[j] != 0 && weights[j] != 0)
            .OrderByDescending(j => Math.Abs(weights[j] * dense[j])).ThenBy(j => j).Take(top)
            .Select(j => new LinearContribution(j, names[j], weights[j], dense[j], weights[j] * dense[j])).ToArray();
    }

    private static (IReadOnlyList<float> Weights, string FeatureColumn) Find(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var part in Flatten(model).Reverse())
        {
            if (part is ISingleFeaturePredictionTransformer<object> predictor)
            {
                var parameters = predictor.Model;
                if (parameters.GetType().GetProperties().Where(p => p.Name == "SubModel").Select(p => p.GetValue(parameters)).OfType<LinearBinaryModelParameters>().FirstOrDefault() is { } sub)
                {
                    parameters = sub; // a calibrated model: the linear model under the calibrator
                }

                if (parameters is LinearBinaryModelParameters linear)
                {
                    return (linear.Weights, predictor.FeatureColumnName);
                }
            }
        }

        throw new ArgumentException("The pipeline holds no linear binary predictor (e.g. SdcaLogisticRegression, LbfgsLogisticRegression, AveragedPerceptron).", nameof(model));
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) => model is IEnumerable<ITransformer> chain
        ? chain.SelectMany(Flatten)
        : [model];

    private static string[] SlotNames(DataViewSchema schema, string feature, int size)
    {
        var column = schema.GetColumnOrNull(feature);
        if (column is { } c && c.HasSlotNames(size))
        {
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            c.GetSlotNames(ref names);
            var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
            if (dense.Length == size)
            {
                return dense;
            }
        }

        return Enumerable.Range(0, size).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
