using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace GenAi.MLNet.Core.Persistence;

/// <summary>
/// Checks a model .zip as a whole: no entry name twice, and every entry's data matches the CRC-32 the zip
/// stores for it. .NET's zip reader does not verify CRCs, and ML.NET parses entries (its <c>Schema</c>
/// entry first) without checksums: one flipped byte there can make <c>Model.Load</c> loop forever inside
/// ML.NET. <see cref="ModelOperationsCatalogExtensions.LoadVerified"/> runs this before ML.NET reads
/// anything; every GenAi.MLNet loader runs it on the whole archive when ML.NET reaches it.
/// </summary>
internal static class ZipIntegrity
{
    private static readonly ConditionalWeakTable<object, object> s_verified = new();
    private static readonly FieldInfo? s_archiveField = typeof(RepositoryReader).GetField("_archive", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>Throws <see cref="InvalidDataException"/> naming the entry when the archive is damaged.</summary>
    public static void Verify(ZipArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new byte[1 << 16];
        foreach (var entry in archive.Entries)
        {
            if (!seen.Add(entry.FullName.Replace('\\', '/')))
            {
                throw new InvalidDataException($"The model file is damaged: it holds entry '{entry.FullName}' more than once.");
            }

            uint crc = 0;
            long length = 0;
            try
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    crc = Crc32.Append(crc, buffer.AsSpan(0, read));
                    length += read;
                    if (length > entry.Length)
                    {
                        break;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                throw new InvalidDataException($"The model file is damaged: entry '{entry.FullName}' cannot be read ({e.Message}).", e);
            }

            if (length != entry.Length || crc != entry.Crc32)
            {
                throw new InvalidDataException(
                    $"The model file is damaged: entry '{entry.FullName}' fails its CRC-32 check ({length} bytes, CRC {crc:X8}; the zip records {entry.Length} bytes, CRC {entry.Crc32:X8}).");
            }
        }
    }

    /// <summary>Verifies the archive behind an ML.NET repository once (later calls on the same repository return at once).</summary>
    public static void Verify(RepositoryReader repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (s_verified.TryGetValue(repository, out _))
        {
            return;
        }

        var archive = ArchiveOf(repository);
        lock (archive)
        {
            Verify(archive);
        }

        s_verified.AddOrUpdate(repository, archive);
    }

    /// <summary>The entry names in one directory of the archive (ML.NET stores a model's entries in a directory).</summary>
    public static IReadOnlyList<string> EntriesIn(RepositoryReader repository, string? directory)
    {
        var prefix = string.IsNullOrEmpty(directory) ? "" : directory.Replace('\\', '/').TrimEnd('/') + "/";
        return ArchiveOf(repository).Entries
            .Select(e => e.FullName.Replace('\\', '/'))
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.IndexOf('/', prefix.Length) < 0)
            .Select(n => n[prefix.Length..])
            .ToList();
    }

    /// <summary>ML.NET keeps the archive in a private field; a test fails loudly if a new ML.NET moves it.</summary>
    internal static ZipArchive ArchiveOf(RepositoryReader repository)
        => s_archiveField?.GetValue(repository) as ZipArchive
           ?? throw new InvalidOperationException("GenAi.MLNet cannot reach ML.NET's model archive (RepositoryReader._archive): this ML.NET version is not supported.");
}
