using System.IO;
using System.Linq;
using GenAi.MLNet.Chemistry;
using GenAi.MLNet.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Chemistry;

public sealed class SmilesTests(ITestOutputHelper output)
{
    /// <summary>Every molecule of the NCI set in data/molecules reads as valid (they come from a chemistry toolkit's test data).</summary>
    [Fact]
    public void TheNciMoleculesAreValid()
    {
        var lines = File.ReadAllLines(DataDirectory.File("molecules/nci-first-5k.smi")).Select(l => l.Split('\t')[0]).ToArray();
        var invalid = lines.Select(Smiles.Check).Where(c => !c.IsValid).ToArray();
        foreach (var c in invalid.Take(10))
        {
            output.WriteLine(c.Error);
        }

        Assert.Equal(4_999, lines.Length);
        Assert.True(invalid.Length <= 5, $"{invalid.Length} of {lines.Length} NCI molecules read as invalid");

        // A checker that accepts everything would be useless: one character deleted at random must often break a molecule.
        var random = new System.Random(1);
        var broken = lines.Where(l => l.Length > 1).Select(l => l.Remove(random.Next(l.Length), 1)).Count(l => !Smiles.IsValid(l)) / (double)lines.Length;
        output.WriteLine($"{invalid.Length} NCI molecules invalid; {broken:P1} invalid after deleting one random character");
        Assert.InRange(broken, 0.3, 0.9);
    }

    /// <summary>Validity, uniqueness and novelty on a hand-checked list: 5 strings, 4 valid, 3 distinct, 2 not in training.</summary>
    [Fact]
    public void MoleculeScoresFollowTheGuacaMolDefinitions()
    {
        var scores = MoleculeScores.Compute(["CCO", " CCO", "c1ccccc1", "CC(C", "CCN"], ["CCO", "CCC"]);
        Assert.Equal(5, scores.Count);
        Assert.Equal(0.8, scores.Validity, 12);
        Assert.Equal(3 / 4.0, scores.Uniqueness, 12);
        Assert.Equal(2 / 3.0, scores.Novelty, 12);
        Assert.Throws<System.ArgumentException>(() => MoleculeScores.Compute([], ["CCO"]));
    }

    [Theory]
    [InlineData("CCO", 3, 0, 1)]
    [InlineData("c1ccccc1", 6, 1, 1)]
    [InlineData("C1CC2CCC1CC2", 8, 2, 1)]
    [InlineData("OC(=O)C(N)Cc1ccc(O)cc1", 13, 1, 1)]
    [InlineData("[Na+].[Cl-]", 2, 0, 2)]
    [InlineData("C%12CCCCC%12", 6, 1, 1)]
    [InlineData("[13CH3][C@@H](N)C(=O)O", 6, 0, 1)]
    [InlineData("c1cc[nH]c1", 5, 1, 1)]
    [InlineData("OC1=C(Cl)C=C(C=C1[N+]([O-])=O)[N+]([O-])=O", 14, 1, 1)]
    public void WellFormedMoleculesAreRead(string smiles, int atoms, int rings, int components)
    {
        var check = Smiles.Check(smiles);
        Assert.True(check.IsValid, check.Error);
        Assert.Equal((atoms, rings, components), (check.Atoms, check.RingClosures, check.Components));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("C1CCC", "never closed")]
    [InlineData("CC(C", "not closed")]
    [InlineData("CC)C", "without '('")]
    [InlineData("C(=O", "not closed")]
    [InlineData("CC=", "ends with a bond")]
    [InlineData("C(C)(C)(C)(C)C", "valence")]
    [InlineData("O=O=O", "valence")]
    [InlineData("cccc", "outside a ring")]
    [InlineData("CXC", "not an atom")]
    [InlineData("C[Xx]C", "no element")]
    [InlineData("C()C", "empty branch")]
    [InlineData("=CC", "must follow an atom")]
    [InlineData("C..C", "'.'")]
    public void MalformedStringsAreRejectedWithAReason(string smiles, string reason)
    {
        var check = Smiles.Check(smiles);
        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Error!, System.StringComparison.Ordinal);
    }
}
