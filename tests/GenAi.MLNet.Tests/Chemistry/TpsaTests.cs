using System;
using System.IO;
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
        var rows = File.ReadLines(DataDirectory.File("molecules/nci-first-5k-tpsa.csv")).Where(l => !l.StartsWith('#'))
            .Select(l => (Smiles: l[..l.LastIndexOf(',')], Tpsa: double.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var computed = rows.Select(r => Tpsa.TryCompute(r.Smiles)).ToArray();
        var valid = computed.Count(c => c is not null);
        var exact = rows.Zip(computed).Count(p => p.Second is { } v && Math.Abs(v - p.First.Tpsa) < 0.01);
        var mae = rows.Zip(computed).Where(p => p.Second is not null).Average(p => Math.Abs(p.Second!.Value - p.First.Tpsa));
        output.WriteLine($"{rows.Length} molecules, {valid} read, {exact} ({exact / (double)rows.Length:P1}) within 0.01 Å² of Daylight, MAE {mae:F3} Å²");
        Assert.Equal(4_999, rows.Length);
        Assert.True(exact >= 0.99 * rows.Length, $"only {exact} of {rows.Length} agree");
        Assert.True(mae < 0.05, $"MAE {mae}");
    }
}
