using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GenAi.MLNet.Chemistry;

/// <summary>The result of reading a SMILES string.</summary>
/// <param name="IsValid">True when the string is a well-formed molecule (see <see cref="Smiles.Check"/> for what is checked).</param>
/// <param name="Error">Why not, with the character position; null when valid.</param>
/// <param name="Atoms">Heavy atoms read (0 when invalid).</param>
/// <param name="RingClosures">Ring bonds closed.</param>
/// <param name="Components">Dot-separated parts (e.g. a salt's ions).</param>
public sealed record SmilesCheck(bool IsValid, string? Error, int Atoms, int RingClosures, int Components);

/// <summary>
/// A SMILES reader (Weininger 1988; the OpenSMILES grammar) that decides whether a generated string is a molecule:
/// the atoms of the organic subset and bracket atoms (isotope, element, chirality, hydrogens, charge, class), bonds,
/// branches, ring closures (digits and %nn) and dot-separated components, with the valence of organic-subset atoms
/// checked against their normal valences and aromatic atoms required to be in a ring. It does not kekulise
/// aromatic systems or check bracket atoms' valence, so it accepts a few strings a full toolkit (RDKit) rejects.
/// </summary>
public static class Smiles
{
    private static readonly Dictionary<string, int[]> s_organic = new(StringComparer.Ordinal)
    {
        ["B"] = [3], ["C"] = [4], ["N"] = [3, 5], ["O"] = [2], ["P"] = [3, 5], ["S"] = [2, 4, 6],
        ["F"] = [1], ["Cl"] = [1], ["Br"] = [1], ["I"] = [1],
        ["b"] = [3], ["c"] = [4], ["n"] = [3, 5], ["o"] = [2], ["p"] = [3, 5], ["s"] = [2, 4, 6],
    };

    private static readonly HashSet<string> s_elements = new(
        ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe " +
         "Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr " +
         "b c n o p s se as te").Split(' '), StringComparer.Ordinal);

    /// <summary>Reads <paramref name="smiles"/> and says whether it is a well-formed molecule, and if not, why.</summary>
    public static SmilesCheck Check(string smiles)
    {
        ArgumentNullException.ThrowIfNull(smiles);
        try
        {
            var (atoms, rings, components) = new Reader(smiles).Read();
            return new SmilesCheck(true, null, atoms, rings, components);
        }
        catch (FormatException e)
        {
            return new SmilesCheck(false, e.Message, 0, 0, 0);
        }
    }

    /// <summary>True when <paramref name="smiles"/> is a well-formed molecule (<see cref="Check"/>).</summary>
    public static bool IsValid(string smiles) => Check(smiles).IsValid;

    /// <summary>The molecule's atoms and bonds as written (aromatic where written in lower case).</summary>
    /// <exception cref="FormatException">Not a well-formed molecule: why, with the character position.</exception>
    internal static MolecularGraph Graph(string smiles)
    {
        ArgumentNullException.ThrowIfNull(smiles);
        var reader = new Reader(smiles);
        reader.Read();
        return reader.Graph();
    }

    private sealed class Reader(string text)
    {
        private readonly List<Atom> _atoms = [];
        private readonly Dictionary<int, (int Atom, double Order, int Position)> _openRings = [];
        private readonly List<(int A, int B)> _ringBonds = [];
        private readonly List<(int A, int B, double Order)> _bonds = [];
        private int _position;
        private int _ringClosures;

        public (int Atoms, int Rings, int Components) Read()
        {
            if (text.Length == 0)
            {
                throw Fail("empty string");
            }

            var components = 1;
            var previous = -1;                         // the atom the next one bonds to
            var branches = new Stack<int>();
            double? bond = null;                       // an explicit bond symbol waiting for its atom
            while (_position < text.Length)
            {
                var c = text[_position];
                switch (c)
                {
                    case '(':
                        if (previous < 0 || bond is not null)
                        {
                            throw Fail("a branch must follow an atom");
                        }

                        branches.Push(previous);
                        _position++;
                        if (_position < text.Length && text[_position] == ')')
                        {
                            throw Fail("empty branch");
                        }

                        continue;
                    case ')':
                        if (branches.Count == 0)
                        {
                            throw Fail("')' without '('");
                        }

                        if (bond is not null)
                        {
                            throw Fail("a bond must be followed by an atom");
                        }

                        previous = branches.Pop();
                        _position++;
                        continue;
                    case '.':
                        if (previous < 0 || bond is not null || branches.Count > 0)
                        {
                            throw Fail("'.' must separate two complete parts");
                        }

                        previous = -1;
                        components++;
                        _position++;
                        continue;
                    case '-' or '=' or '#' or '$' or ':' or '/' or '\\':
                        if (previous < 0 || bond is not null)
                        {
                            throw Fail($"bond '{c}' must follow an atom");
                        }

                        bond = c switch { '=' => 2, '#' => 3, '$' => 4, ':' => 1.5, _ => 1 };
                        _position++;
                        continue;
                    case '%' or (>= '0' and <= '9'):
                        if (previous < 0)
                        {
                            throw Fail("a ring-closure digit must follow an atom");
                        }

                        var start = _position;
                        var number = RingNumber();
                        if (_openRings.Remove(number, out var open))
                        {
                            if (open.Atom == previous)
                            {
                                throw Fail("a ring bond from an atom to itself", start);
                            }

                            var order = bond ?? (open.Order > 0 ? open.Order : Implicit(open.Atom, previous));
                            Bond(open.Atom, previous, order);
                            _ringBonds.Add((open.Atom, previous));
                            _ringClosures++;
                        }
                        else
                        {
                            _openRings[number] = (previous, bond ?? 0, start);
                        }

                        bond = null;
                        continue;
                    default:
                        var atom = ReadAtom();
                        if (previous >= 0)
                        {
                            Bond(previous, atom, bond ?? Implicit(previous, atom));
                            _atoms[atom].Parent = previous;         // chain and branch bonds form a spanning forest
                        }
                        else if (bond is not null)
                        {
                            throw Fail("a bond must follow an atom");
                        }

                        bond = null;
                        previous = atom;
                        continue;
                }
            }

            if (bond is not null)
            {
                throw Fail("the string ends with a bond");
            }

            if (branches.Count > 0)
            {
                throw Fail("'(' not closed");
            }

            if (_openRings.Count > 0)
            {
                var (number, (_, _, position)) = _openRings.OrderBy(p => p.Value.Position).First();
                throw Fail($"ring bond {number} opened but never closed", position);
            }

            foreach (var (a, b) in _ringBonds)
            {
                MarkRing(a, b);
            }

            for (var i = 0; i < _atoms.Count; i++)
            {
                var a = _atoms[i];
                if (a.Aromatic && !a.InRing)
                {
                    throw Fail($"aromatic atom '{a.Symbol}' outside a ring", a.Position);
                }

                if (a.Valences is { } allowed)
                {
                    var used = Used(i);
                    if (used > allowed.Max())
                    {
                        throw Fail($"'{a.Symbol}' has {a.BondOrder.ToString(CultureInfo.InvariantCulture)} bonds; its valence allows {allowed.Max()}", a.Position);
                    }
                }
            }

            return (_atoms.Count, _ringClosures, components);
        }

        /// <summary>Valence used by an atom's bonds: an aromatic atom's aromatic bonds count one each, plus one for its share of the π system.</summary>
        private int Used(int atom)
        {
            var a = _atoms[atom];
            if (!a.Aromatic)
            {
                return (int)Math.Ceiling(a.BondOrder - 1e-9);
            }

            return (int)Math.Round(a.BondOrder - (0.5 * a.AromaticBonds)) + (a.AromaticBonds > 0 ? 1 : 0);
        }

        public MolecularGraph Graph()
        {
            var atoms = _atoms.Select((a, i) =>
            {
                int hydrogens;
                if (a.Hydrogens is { } explicitH)
                {
                    hydrogens = explicitH;
                }
                else if (a.Valences is { } allowed)
                {
                    var used = Used(i);
                    var valence = a.Aromatic ? allowed[0] : allowed.FirstOrDefault(v => v >= used, used);
                    hydrogens = Math.Max(0, valence - used);
                }
                else
                {
                    hydrogens = 0;
                }

                var element = a.Symbol.Length == 1 ? a.Symbol.ToUpperInvariant() : char.ToUpperInvariant(a.Symbol[0]) + a.Symbol[1..];
                return new MolecularGraph.Atom(element, a.Aromatic, a.Charge, hydrogens);
            }).ToArray();
            return new MolecularGraph(atoms, _bonds.Select(b => new MolecularGraph.Bond(b.A, b.B, b.Order)).ToArray());
        }

        private int RingNumber()
        {
            if (text[_position] == '%')
            {
                if (_position + 2 >= text.Length || !char.IsAsciiDigit(text[_position + 1]) || !char.IsAsciiDigit(text[_position + 2]))
                {
                    throw Fail("'%' must be followed by two digits");
                }

                var n = int.Parse(text.AsSpan(_position + 1, 2), CultureInfo.InvariantCulture);
                _position += 3;
                return n;
            }

            return text[_position++] - '0';
        }

        private int ReadAtom()
        {
            var start = _position;
            string symbol;
            int[]? valences = null;
            int? hydrogens = null;
            var charge = 0;
            if (text[_position] == '[')
            {
                var end = text.IndexOf(']', _position);
                if (end < 0)
                {
                    throw Fail("'[' not closed");
                }

                (symbol, hydrogens, charge) = BracketSymbol(text[(_position + 1)..end], start);
                _position = end + 1;
            }
            else if (text[_position] == '*')
            {
                symbol = "*";
                _position++;
            }
            else
            {
                var two = _position + 1 < text.Length ? text.Substring(_position, 2) : "";
                symbol = two is "Cl" or "Br" ? two : text[_position].ToString();
                if (!s_organic.TryGetValue(symbol, out valences))
                {
                    throw Fail($"'{symbol}' is not an atom (outside brackets only B, C, N, O, P, S, F, Cl, Br, I and aromatic b, c, n, o, p, s)");
                }

                _position += symbol.Length;
            }

            _atoms.Add(new Atom(symbol, char.IsLower(symbol[0]), valences, start) { Hydrogens = hydrogens, Charge = charge });
            return _atoms.Count - 1;
        }

        private (string Symbol, int Hydrogens, int Charge) BracketSymbol(string inside, int start)
        {
            var i = 0;
            while (i < inside.Length && char.IsAsciiDigit(inside[i]))
            {
                i++;                                                // isotope
            }

            if (i >= inside.Length)
            {
                throw Fail("empty bracket atom", start);
            }

            string symbol;
            if (inside[i] == '*')
            {
                symbol = "*";
            }
            else if (i + 1 < inside.Length && char.IsAsciiLetterLower(inside[i + 1]) && s_elements.Contains(inside.Substring(i, 2)))
            {
                symbol = inside.Substring(i, 2);
            }
            else if (s_elements.Contains(inside[i].ToString()))
            {
                symbol = inside[i].ToString();
            }
            else
            {
                throw Fail($"'[{inside}]' holds no element", start);
            }

            var rest = inside[(i + symbol.Length)..];
            var k = 0;
            while (k < rest.Length && rest[k] == '@')
            {
                k++;                                                // chirality (@, @@; TH/AL/SP/TB/OH classes are rare)
            }

            var hydrogens = 0;
            if (k < rest.Length && rest[k] == 'H')
            {
                k++;
                var digits = k;
                while (k < rest.Length && char.IsAsciiDigit(rest[k]))
                {
                    k++;
                }

                hydrogens = k > digits ? int.Parse(rest.AsSpan(digits, k - digits), CultureInfo.InvariantCulture) : 1;
            }

            var charge = 0;
            if (k < rest.Length && rest[k] is '+' or '-')
            {
                var sign = rest[k] == '+' ? 1 : -1;
                var symbolChar = rest[k];
                k++;
                var digits = k;
                var repeats = 1;
                while (k < rest.Length && (char.IsAsciiDigit(rest[k]) || rest[k] == symbolChar))
                {
                    repeats += rest[k] == symbolChar ? 1 : 0;
                    k++;
                }

                charge = sign * (k > digits && char.IsAsciiDigit(rest[digits]) ? int.Parse(rest.AsSpan(digits, k - digits), CultureInfo.InvariantCulture) : repeats);
            }

            if (k < rest.Length && rest[k] == ':')
            {
                k++;
                while (k < rest.Length && char.IsAsciiDigit(rest[k]))
                {
                    k++;
                }
            }

            if (k != rest.Length)
            {
                throw Fail($"cannot read '[{inside}]' past '{rest[..k]}'", start);
            }

            return (symbol, hydrogens, charge);
        }

        private double Implicit(int a, int b) => _atoms[a].Aromatic && _atoms[b].Aromatic ? 1.5 : 1;

        private void Bond(int a, int b, double order)
        {
            _bonds.Add((a, b, order));
            _atoms[a].BondOrder += order;
            _atoms[b].BondOrder += order;
            if (order == 1.5)
            {
                _atoms[a].AromaticBonds++;
                _atoms[b].AromaticBonds++;
            }
        }

        /// <summary>A ring bond closes the cycle made with the spanning-forest path between its atoms: every atom on it is in a ring.</summary>
        private void MarkRing(int a, int b)
        {
            var above = new HashSet<int>();
            for (var x = a; x >= 0; x = _atoms[x].Parent)
            {
                above.Add(x);
            }

            var meet = b;
            while (meet >= 0 && !above.Contains(meet))
            {
                _atoms[meet].InRing = true;
                meet = _atoms[meet].Parent;
            }

            for (var x = a; x >= 0 && x != meet; x = _atoms[x].Parent)
            {
                _atoms[x].InRing = true;
            }

            if (meet >= 0)
            {
                _atoms[meet].InRing = true;
            }
        }

        private FormatException Fail(string why, int? at = null) => new($"{why} (position {(at ?? _position) + 1} of \"{(text.Length > 60 ? text[..60] + "…" : text)}\")");
    }

    private sealed class Atom(string symbol, bool aromatic, int[]? valences, int position)
    {
        public string Symbol { get; } = symbol;

        public bool Aromatic { get; } = aromatic;

        public int[]? Valences { get; } = valences;

        public int Position { get; } = position;

        public double BondOrder { get; set; }

        public int AromaticBonds { get; set; }

        public bool InRing { get; set; }

        public int Parent { get; set; } = -1;

        public int? Hydrogens { get; init; }

        public int Charge { get; init; }
    }
}
