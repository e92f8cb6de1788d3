using System;
using System.Linq;
using GenAi.MLNet.Chemistry;
using GenAi.MLNet.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Chemistry;

public sealed class TpsaTests(ITestOutputHelper output)
{
    /// <summary>Hand-summed contributions from Ertl et al.'s table; Kekulé and aromatic spellings agree.</summary>
    [Theory]
    [InlineData("CCO", 20.23)]                                  // OH
    [InlineData("CC(=O)O", 37.30)]                              // O= 17.07 + OH 20.23
    [InlineData("c1ccncc1", 12.89)]                             // aromatic n
    [InlineData("C1=CC=NC=C1", 12.89)]                          // the same, Kekulé
    [InlineData("N1C=CC=C1", 15.79)]                            // pyrrole written Kekulé: [nH]
    [InlineData("O1C=CC=C1", 13.14)]                            // furan: aromatic o
    [InlineData("C1=CC=C2C=CC=CC2=C1", 0)]                      // naphthalene, no N or O
    [InlineData("C1CO1", 12.53)]                                // epoxide: O in a 3-ring
    [InlineData("CN(=O)=O", 45.82)]                             // nitro, uncharged: 11.68 + 2 × 17.07
    [InlineData("C[N+](=O)[O-]", 43.14)]                        // nitro, charge-separated: 3.01 + 17.07 + 23.06
    [InlineData("CC(=O)NC1=CC=C(O)C=C1", 49.33)]               // paracetamol: 17.07 + 12.03 + 20.23
    public void MatchesErtlsTable(string smiles, double expected) => Assert.Equal(expected, Tpsa.Compute(smiles), 2);

    /// <summary>Fused aromatic rings written in lower case are valid (each atom's aromatic bonds count one, plus one for the π system).</summary>
    [Fact]
    public void FusedAromaticRingsAreValid()
    {
        Assert.True(Smiles.IsValid("c1ccc2ccccc2c1"));
        Assert.Equal(15.79, Tpsa.Compute("c1ccc2[nH]ccc2c1"), 2);
        Assert.Equal(Tpsa.Compute("C1=CC=C2NC=CC2=C1"), Tpsa.Compute("c1ccc2[nH]ccc2c1"), 2);
        Assert.Null(Tpsa.TryCompute("C1CC"));
        Assert.Throws<FormatException>(() => Tpsa.Compute("C1CC"));
    }

    /// <summary>Against the TPSA that Daylight's tools and Ertl's tpsa.c computed for the NCI molecules in data/molecules.</summary>
    [Fact]
    public void AgreesWithDaylightOnTheNciMolecules()
    {
        var rows = MoleculeDatasets.NciWithTpsa();
        var computed = rows.Select(r => Tpsa.TryCompute(r.Smiles)).ToArray();
        var valid = computed.Count(c => c is not null);
        var exact = rows.Zip(computed).Count(p => p.Second is { } v && Math.Abs(v - p.First.Tpsa) < 0.01);
        var mae = rows.Zip(computed).Where(p => p.Second is not null).Average(p => Math.Abs(p.Second!.Value - p.First.Tpsa));
        output.WriteLine($"{rows.Count} molecules, {valid} read, {exact} ({exact / (double)rows.Count:P1}) within 0.01 Å² of Daylight, MAE {mae:F3} Å²");
        Assert.Equal(4_999, rows.Count);
        Assert.True(exact >= 0.99 * rows.Count, $"only {exact} of {rows.Count} agree");
        Assert.True(mae < 0.05, $"MAE {mae}");
    }

    /// <summary>Control codes, bins and the targeting scores on a hand-checked list.</summary>
    [Fact]
    public void PropertyTargetingCodesBinsAndScores()
    {
        double[] edges = [30, 60];
        Assert.Equal([0, 1, 1, 2], new[] { 10.0, 30, 59.9, 60 }.Select(v => PropertyTargeting.Bin(v, edges)));
        Assert.Equal(["<0>CCO", "<2>CC(=O)NC1=CC=C(O)C=C1"], PropertyTargeting.Condition([("CCO", 20.23), ("CC(=O)NC1=CC=C(O)C=C1", 49.33 + 20)], edges));
        Assert.Throws<ArgumentException>(() => PropertyTargeting.Condition([("C<C", 1)], edges));
        Assert.Equal([3.0, 5.0], PropertyTargeting.QuantileEdges([1, 2, 3, 4, 5, 6], 3));   // bins {1, 2}, {3, 4}, {5, 6}

        // CCO 20.23 and CC(=O)O 37.30 are valid; "CC(" is not: 2 of 3 valid, one of the two (CC(=O)O) in [30, 60).
        var scores = PropertyTargeting.Score(["CCO", "CC(=O)O", "CC("], 1, edges, ["CCO"]);
        Assert.Equal("[30, 60)", scores.Range);
        Assert.Equal(2 / 3.0, scores.Molecules.Validity, 12);
        Assert.Equal(0.5, scores.Molecules.Novelty, 12);
        Assert.Equal((20.23 + 37.30) / 2, scores.MeanProperty, 6);
        Assert.Equal(0.5, scores.OnTarget, 12);
    }
}
