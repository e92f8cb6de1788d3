using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GenAi.MLNet.Data;

/// <summary>The 13 short piano pieces in the repository's <c>data/music</c> folder (pianobooster's beginner course and folk tunes). Provenance in data/README.md.</summary>
public static class MusicDatasets
{
    /// <summary>Every piece's notes (<see cref="MidiAudio.ReadNotes"/>), with its file name, in file-name order.</summary>
    /// <exception cref="FileNotFoundException">The folder holds no .mid file.</exception>
    public static IReadOnlyList<(string Name, IReadOnlyList<MidiNote> Notes)> MidiPieces(string? dataDirectory = null)
    {
        var folder = Path.Combine(dataDirectory ?? DataDirectory.Find(), "music");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.mid").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No .mid files in '{folder}'. See data/README.md for where they come from.", folder);
        }

        return files.Select(f => (Path.GetFileNameWithoutExtension(f), MidiAudio.ReadNotes(f))).ToArray();
    }
}
