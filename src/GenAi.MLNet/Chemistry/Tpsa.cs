using System;
using System.Linq;

namespace GenAi.MLNet.Chemistry;

/// <summary>
/// Topological polar surface area (Ertl, Rohde and Selzer, J. Med. Chem. 2000): the sum of tabulated surface
/// contributions of the molecule's nitrogen and oxygen atoms, each looked up by its hydrogens, charge, bonds and
/// aromaticity — a fast stand-in for the 3-D polar surface that predicts absorption (a drug's TPSA is usually below
/// 140 Å², below 90 Å² to cross the blood–brain barrier). Sulphur and phosphorus are left out, as in the original
/// table and Daylight's tpsa.c. Aromaticity is perceived from Kekulé SMILES (see <c>MolecularGraph</c>), so
/// <c>C1=CC=CN=C1</c> and <c>c1ccncc1</c> score the same.
/// </summary>
public static class Tpsa
{
    /// <summary>The TPSA of <paramref name="smiles"/>, in Å².</summary>
    /// <exception cref="FormatException">Not a well-formed molecule (<see cref="Smiles.Check"/> says why).</exception>
    public static double Compute(string smiles)
    {
        var graph = Smiles.Graph(smiles);
        return Enumerable.Range(0, graph.Atoms.Count).Sum(i => Contribution(graph, i));
    }

    /// <summary>The TPSA of <paramref name="smiles"/>, or null when it is not a well-formed molecule.</summary>
    public static double? TryCompute(string smiles)
    {
        ArgumentNullException.ThrowIfNull(smiles);
        try
        {
            return Compute(smiles);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static double Contribution(MolecularGraph graph, int atom)
    {
        var a = graph.Atoms[atom];
        if (a.Element is not ("N" or "O"))
        {
            return 0;
        }

        int heavy = 0, h = a.Hydrogens, single = 0, @double = 0, triple = 0, aromatic = 0;
        foreach (var (n, bond) in graph.Neighbours(atom))
        {
            if (graph.Atoms[n].Element == "H")
            {
                h++;
                continue;
            }

            heavy++;
            if (graph.AromaticBonds[bond])
            {
                aromatic++;
            }
            else
            {
                switch (graph.Bonds[bond].Order)
                {
                    case 2: @double++; break;
                    case 3: triple++; break;
                    default: single++; break;
                }
            }
        }

        var q = a.Charge;
        var in3 = graph.InRingOfSize(atom, 3);
        double? value = a.Element == "N" ? Nitrogen(heavy, h, q, single, @double, triple, aromatic, in3) : Oxygen(heavy, h, q, single, @double, aromatic, in3);
        if (value is { } v)
        {
            return v;
        }

        // Not in the table: Ertl's fallback by neighbours and hydrogens.
        return Math.Max(0, a.Element == "N" ? 30.5 - (heavy * 8.2) + (h * 1.5) : 28.5 - (heavy * 8.6) + (h * 1.5));
    }

    private static double? Nitrogen(int heavy, int h, int q, int single, int @double, int triple, int aromatic, bool in3) => (heavy, h, q) switch
    {
        (1, 0, 0) when triple == 1 => 23.79,                  // N#
        (1, 1, 0) when @double == 1 => 23.85,                 // [NH]=
        (1, 2, 0) when single == 1 => 26.02,                  // [NH2]-
        (1, 2, 1) when @double == 1 => 25.59,                 // [NH2+]=
        (1, 3, 1) when single == 1 => 27.64,                  // [NH3+]-
        (2, 0, 0) when single == 1 && @double == 1 => 12.36,  // -N=
        (2, 0, 0) when triple == 1 && @double == 1 => 13.60,  // =N# (azide, middle)
        (2, 1, 0) when single == 2 => in3 ? 21.94 : 12.03,    // -[NH]-
        (2, 0, 1) when triple == 1 && single == 1 => 4.36,    // -[N+]#
        (2, 1, 1) when @double == 1 && single == 1 => 13.97,  // -[NH+]=
        (2, 2, 1) when single == 2 => 16.61,                  // -[NH2+]-
        (2, 0, 0) when aromatic == 2 => 12.89,                // :n:
        (2, 1, 0) when aromatic == 2 => 15.79,                // :[nH]:
        (2, 1, 1) when aromatic == 2 => 14.14,                // :[nH+]:
        (3, 0, 0) when single == 3 => in3 ? 3.01 : 3.24,      // -N(-)-
        (3, 0, 0) when single == 1 && @double == 2 => 11.68,  // -N(=)= (nitro, uncharged)
        (3, 0, 1) when single == 2 && @double == 1 => 3.01,   // -[N+](-)= (nitro, charge-separated)
        (3, 1, 1) when single == 3 => 4.44,                   // -[NH+](-)-
        (3, 0, 0) when aromatic == 3 => 4.41,                 // :n(:):
        (3, 0, 0) when single == 1 && aromatic == 2 => 4.93,  // -n(:):
        (3, 0, 0) when @double == 1 && aromatic == 2 => 8.39, // =n(:):
        (3, 0, 1) when aromatic == 3 => 4.10,                 // :[n+](:):
        (3, 0, 1) when single == 1 && aromatic == 2 => 3.88,  // -[n+](:):
        (4, 0, 1) when single == 4 => 0.00,                   // -[N+](-)(-)-
        _ => null,
    };

    private static double? Oxygen(int heavy, int h, int q, int single, int @double, int aromatic, bool in3) => (heavy, h, q) switch
    {
        (1, 0, 0) when @double == 1 => 17.07,                 // O=
        (1, 1, 0) when single == 1 => 20.23,                  // [OH]-
        (1, 0, -1) when single == 1 => 23.06,                 // [O-]-
        (2, 0, 0) when single == 2 => in3 ? 12.53 : 9.23,     // -O-
        (2, 0, 0) when aromatic == 2 => 13.14,                // :o:
        _ => null,
    };
}
