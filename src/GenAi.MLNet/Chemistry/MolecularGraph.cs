using System;
using System.Collections.Generic;
using System.Linq;

namespace GenAi.MLNet.Chemistry;

/// <summary>
/// A molecule read from SMILES — heavy atoms with their hydrogens and charge, and bonds — with its rings and the
/// aromaticity a Kekulé spelling hides: a ring is aromatic when every atom gives the π system electrons and they
/// number 4n + 2 (Hückel), judged ring by ring and repeated so that rings fused to an aromatic ring can use its bonds
/// (the way Daylight perceives naphthalene written with alternating bonds).
/// </summary>
internal sealed class MolecularGraph
{
    public sealed record Atom(string Element, bool Aromatic, int Charge, int Hydrogens);

    public sealed record Bond(int A, int B, double Order);

    private readonly List<(int Neighbour, int Bond)>[] _adjacent;

    public MolecularGraph(IReadOnlyList<Atom> atoms, IReadOnlyList<Bond> bonds)
    {
        Atoms = atoms;
        Bonds = bonds;
        _adjacent = atoms.Select(_ => new List<(int, int)>()).ToArray();
        for (var i = 0; i < bonds.Count; i++)
        {
            _adjacent[bonds[i].A].Add((bonds[i].B, i));
            _adjacent[bonds[i].B].Add((bonds[i].A, i));
        }

        Rings = SmallestRings();
        AromaticBonds = Aromatic();
        AromaticAtoms = atoms.Select((a, i) => a.Aromatic || _adjacent[i].Any(n => AromaticBonds[n.Bond])).ToArray();
    }

    public IReadOnlyList<Atom> Atoms { get; }

    public IReadOnlyList<Bond> Bonds { get; }

    /// <summary>For every ring bond, the smallest ring through it (atom indices in ring order), without repeats.</summary>
    public IReadOnlyList<int[]> Rings { get; }

    /// <summary>Bonds in an aromatic ring (as written or perceived).</summary>
    public bool[] AromaticBonds { get; }

    /// <summary>Atoms with an aromatic bond, or written aromatic.</summary>
    public bool[] AromaticAtoms { get; }

    /// <summary>An atom's neighbours and the bonds to them.</summary>
    public IReadOnlyList<(int Neighbour, int Bond)> Neighbours(int atom) => _adjacent[atom];

    /// <summary>True when the atom is in a ring of <paramref name="size"/> atoms.</summary>
    public bool InRingOfSize(int atom, int size) => Rings.Any(r => r.Length == size && r.Contains(atom));

    private List<int[]> SmallestRings()
    {
        var rings = new List<int[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < Bonds.Count; b++)
        {
            var path = ShortestPath(Bonds[b].A, Bonds[b].B, b);   // the shortest way round without this bond closes its smallest ring
            if (path is null)
            {
                continue;
            }

            var key = string.Join(',', path.Order());
            if (seen.Add(key))
            {
                rings.Add(path);
            }
        }

        return rings;
    }

    private int[]? ShortestPath(int from, int to, int withoutBond)
    {
        var previous = Enumerable.Repeat(-1, Atoms.Count).ToArray();
        previous[from] = from;
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var x = queue.Dequeue();
            if (x == to)
            {
                var path = new List<int>();
                for (var y = to; y != from; y = previous[y])
                {
                    path.Add(y);
                }

                path.Add(from);
                return [.. path];
            }

            foreach (var (n, bond) in _adjacent[x])
            {
                if (bond != withoutBond && previous[n] < 0)
                {
                    previous[n] = x;
                    queue.Enqueue(n);
                }
            }
        }

        return null;
    }

    private bool[] Aromatic()
    {
        var aromatic = Bonds.Select(b => b.Order == 1.5 || (Atoms[b.A].Aromatic && Atoms[b.B].Aromatic)).ToArray();
        var ringDone = new bool[Rings.Count];
        for (var changed = true; changed;)
        {
            changed = false;
            for (var r = 0; r < Rings.Count; r++)
            {
                if (ringDone[r] || Rings[r].Length < 5)
                {
                    continue;
                }

                var ring = Rings[r];
                var ringBonds = Enumerable.Range(0, ring.Length).Select(i => BondBetween(ring[i], ring[(i + 1) % ring.Length])).ToArray();
                if (ringBonds.All(b => aromatic[b]))
                {
                    ringDone[r] = true;
                    continue;
                }

                var electrons = 0;
                var possible = true;
                foreach (var atom in ring)
                {
                    var e = PiElectrons(atom, ring, ringBonds, aromatic);
                    if (e < 0)
                    {
                        possible = false;
                        break;
                    }

                    electrons += e;
                }

                if (possible && electrons % 4 == 2)
                {
                    foreach (var b in ringBonds)
                    {
                        aromatic[b] = true;
                    }

                    ringDone[r] = true;
                    changed = true;
                }
            }
        }

        return aromatic;
    }

    /// <summary>π electrons an atom gives a ring: 1 from a double bond in the ring or an aromatic bond, 0 when its double bond goes out to O, N or S, 2 from a lone pair; −1 when it cannot take part.</summary>
    private int PiElectrons(int atom, int[] ring, int[] ringBonds, bool[] aromatic)
    {
        var a = Atoms[atom];
        if (a.Aromatic)
        {
            return a.Element switch
            {
                "C" => a.Charge == -1 ? 2 : 1,
                "N" or "P" => Neighbours(atom).Count + a.Hydrogens == 3 && a.Charge == 0 ? 2 : 1,
                "O" or "S" or "Se" => a.Charge == 1 ? 1 : 2,
                "B" => 0,
                _ => 1,
            };
        }

        var doubleInRing = false;
        var doubleOut = (string?)null;
        var aromaticBond = false;
        foreach (var (n, bond) in Neighbours(atom))
        {
            if (aromatic[bond])
            {
                aromaticBond = true;
            }
            else if (Bonds[bond].Order == 2)
            {
                if (ringBonds.Contains(bond))
                {
                    doubleInRing = true;
                }
                else if (ring.Contains(n))
                {
                    return -1;
                }
                else
                {
                    doubleOut = Atoms[n].Element;
                }
            }
            else if (Bonds[bond].Order == 3)
            {
                return -1;
            }
        }

        if (doubleInRing || aromaticBond)
        {
            return 1;
        }

        if (doubleOut is not null)
        {
            return doubleOut is "O" or "N" or "S" && a.Element == "C" ? 0 : -1;
        }

        var connections = Neighbours(atom).Count + a.Hydrogens;
        return a.Element switch
        {
            "N" or "P" when connections == 3 && a.Charge == 0 => 2,
            "O" or "S" or "Se" when connections == 2 && a.Charge == 0 => 2,
            "C" when connections == 3 && a.Charge == -1 => 2,
            "C" when connections == 3 && a.Charge == 1 => 0,
            "B" when connections == 3 => 0,
            _ => -1,
        };
    }

    private int BondBetween(int a, int b) => _adjacent[a].First(n => n.Neighbour == b).Bond;
}
