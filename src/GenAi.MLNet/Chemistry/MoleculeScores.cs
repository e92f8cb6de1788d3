using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Chemistry;

/// <summary>
/// The basic scores of a molecule generator (as GuacaMol and MOSES define them): the share of generated strings
/// that are valid molecules, the share of the valid ones that are distinct, and the share of the distinct valid ones
/// not in the training set. Molecules are compared as strings: without a canonical form (no cheminformatics toolkit
/// here) two spellings of one molecule count as two, so uniqueness and novelty are upper bounds.
/// </summary>
/// <param name="Count">Generated strings.</param>
/// <param name="Validity">Valid / generated (<see cref="Smiles.Check"/>).</param>
/// <param name="Uniqueness">Distinct valid / valid.</param>
/// <param name="Novelty">Distinct valid not in the training set / distinct valid.</param>
public sealed record MoleculeScores(int Count, double Validity, double Uniqueness, double Novelty)
{
    /// <summary>Scores <paramref name="generated"/> SMILES against the <paramref name="training"/> molecules (surrounding white space ignored).</summary>
    /// <exception cref="ArgumentException">Nothing was generated.</exception>
    public static MoleculeScores Compute(IEnumerable<string> generated, IEnumerable<string> training)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        var all = generated.Select(g => g.Trim()).ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("No generated molecules to score.", nameof(generated));
        }

        var valid = all.Where(Smiles.IsValid).ToArray();
        var distinct = valid.Distinct(StringComparer.Ordinal).ToArray();
        var known = training.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
        return new MoleculeScores(
            all.Length,
            valid.Length / (double)all.Length,
            valid.Length == 0 ? 0 : distinct.Length / (double)valid.Length,
            distinct.Length == 0 ? 0 : distinct.Count(d => !known.Contains(d)) / (double)distinct.Length);
    }
}
