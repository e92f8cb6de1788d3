using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace GenAi.MLNet.Data;

/// <summary>A molecule as SMILES with its topological polar surface area (Å²).</summary>
/// <param name="Smiles">The molecule, as SMILES (Kekulé form).</param>
/// <param name="Tpsa">Its TPSA as Daylight's tools and Ertl's tpsa.c computed it.</param>
public sealed record MoleculeRecord(string Smiles, double Tpsa);

/// <summary>Loaders for the molecule sets in the repository's <c>data/molecules</c> folder. Provenance in data/README.md.</summary>
public static class MoleculeDatasets
{
    /// <summary>The first 4,999 molecules of the NCI open database with their TPSA (rdkit-data's <c>NCI/first_5K</c>), in file order.</summary>
    public static IReadOnlyList<MoleculeRecord> NciWithTpsa(string? dataDirectory = null)
        => File.ReadLines(DataDirectory.File("molecules/nci-first-5k-tpsa.csv", dataDirectory))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line =>
            {
                var comma = line.LastIndexOf(',');
                if (comma <= 0 || !double.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var tpsa))
                {
                    throw new InvalidDataException($"'{line}' is not 'SMILES,TPSA'.");
                }

                return new MoleculeRecord(line[..comma], tpsa);
            }).ToArray();
}
