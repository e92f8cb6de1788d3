using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GenAi.MLNet.Chemistry;

/// <summary>How well generated molecules hit a property target.</summary>
/// <param name="Bin">The target bin (0 = lowest).</param>
/// <param name="Range">The bin's range, e.g. "[30, 60)".</param>
/// <param name="Molecules">Validity, uniqueness and novelty of the generated strings.</param>
/// <param name="MeanProperty">Mean property of the valid molecules (NaN when none is valid).</param>
/// <param name="OnTarget">Fraction of the valid molecules whose property falls in the bin (0 when none is valid).</param>
public sealed record PropertyTargetScores(int Bin, string Range, MoleculeScores Molecules, double MeanProperty, double OnTarget);

/// <summary>
/// Property-targeted generation with control codes (Keskar et al., CTRL, 2019): each training molecule is written after
/// a code for the bin its property falls in — <c>&lt;0&gt;CCO</c> — so a language model learns p(molecule | bin), and a
/// prompt of the code asks for molecules in that bin. The property defaults to <see cref="Tpsa"/>.
/// </summary>
public static class PropertyTargeting
{
    /// <summary>The control code of <paramref name="bin"/>: <c>&lt;bin&gt;</c> (no SMILES character uses '&lt;').</summary>
    public static string ControlCode(int bin) => string.Create(CultureInfo.InvariantCulture, $"<{bin}>");

    /// <summary>The bin of <paramref name="value"/>: the number of <paramref name="edges"/> at or below it (edges ascending; k edges make k + 1 bins).</summary>
    public static int Bin(double value, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return edges.Count(e => value >= e);
    }

    /// <summary>Edges that split <paramref name="values"/> into <paramref name="bins"/> bins of about equal counts (quantiles).</summary>
    public static double[] QuantileEdges(IEnumerable<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var sorted = values.Order().ToArray();
        if (sorted.Length < bins)
        {
            throw new ArgumentException($"Need at least {bins} values for {bins} bins.", nameof(values));
        }

        return Enumerable.Range(1, bins - 1).Select(k => sorted[k * sorted.Length / bins]).ToArray();
    }

    /// <summary>Training texts: each molecule after the control code of its property's bin.</summary>
    /// <exception cref="ArgumentException">A SMILES contains '&lt;' (it would read as a code).</exception>
    public static IReadOnlyList<string> Condition(IEnumerable<(string Smiles, double Value)> molecules, IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(molecules);
        ArgumentNullException.ThrowIfNull(edges);
        return molecules.Select(m => m.Smiles.Contains('<', StringComparison.Ordinal)
            ? throw new ArgumentException($"SMILES '{m.Smiles}' contains '<', which marks control codes.", nameof(molecules))
            : ControlCode(Bin(m.Value, edges)) + m.Smiles).ToArray();
    }

    /// <summary>
    /// Scores molecules generated for <paramref name="bin"/>: validity, uniqueness and novelty against
    /// <paramref name="training"/> (plain SMILES, without codes), the valid ones' mean property and the fraction on target.
    /// </summary>
    /// <param name="generated">Generated SMILES (without the code).</param>
    /// <param name="bin">The bin they were asked for.</param>
    /// <param name="edges">The bin edges used for training.</param>
    /// <param name="training">The training molecules.</param>
    /// <param name="property">The property; null (default) <see cref="Tpsa.TryCompute"/>.</param>
    public static PropertyTargetScores Score(IEnumerable<string> generated, int bin, IReadOnlyList<double> edges, IEnumerable<string> training, Func<string, double?>? property = null)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bin, edges.Count);
        property ??= Tpsa.TryCompute;
        var all = generated.Select(g => g.Trim()).ToArray();
        var values = all.Where(Smiles.IsValid).Select(s => property(s)).OfType<double>().ToArray();
        var low = bin == 0 ? "−∞" : edges[bin - 1].ToString("0.##", CultureInfo.InvariantCulture);
        var high = bin == edges.Count ? "∞" : edges[bin].ToString("0.##", CultureInfo.InvariantCulture);
        return new PropertyTargetScores(bin, $"[{low}, {high})", MoleculeScores.Compute(all, training),
            values.Length == 0 ? double.NaN : values.Average(), values.Length == 0 ? 0 : values.Count(v => Bin(v, edges) == bin) / (double)values.Length);
    }
}
