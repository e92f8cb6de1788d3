using System;
using System.Linq;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace GenAi.MLNet.Data;

/// <summary>One email of the SpamAssassin public corpus.</summary>
/// <param name="IsSpam">True for spam, false for ham.</param>
/// <param name="Folder">The corpus folder: easy-ham-1, easy-ham-2, hard-ham-1, spam-1 or spam-2.</param>
/// <param name="Id">The message's file name in the corpus.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The body, MIME-decoded, HTML stripped.</param>
public sealed record SpamEmail(bool IsSpam, string Folder, string Id, string Subject, string Body)
{
    /// <summary>
    /// What the sender wrote: the body without quoted lines (starting with '&gt;'), the lines introducing a quote
    /// ("... wrote:"), and everything after the signature marker ("-- ") or a mailing-list footer (a line of
    /// underscores or dashes). Lines are kept, trimmed; empty when nothing is left.
    /// </summary>
    public string OwnText()
    {
        var kept = new List<string>();
        foreach (var raw in Body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (line.StartsWith("-- ", StringComparison.Ordinal) || trimmed == "--" || (trimmed.Length >= 10 && trimmed.All(c => c is '_' or '-')))
            {
                break;
            }

            if (trimmed.StartsWith('>') || trimmed.EndsWith("wrote:", StringComparison.Ordinal))
            {
                continue;
            }

            kept.Add(trimmed);
        }

        return string.Join("\n", kept).Trim();
    }
}

/// <summary>Loaders for the text data sets in the repository's <c>data</c> folder. Provenance in data/README.md.</summary>
public static class TextDatasets
{
    /// <summary>The SpamAssassin public corpus: 6,046 emails (4,150 ham, 1,896 spam), in the file's order.</summary>
    public static IReadOnlyList<SpamEmail> SpamAssassin(string? dataDirectory = null)
    {
        var path = DataDirectory.File("spam/spamassassin.csv.gz", dataDirectory);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
        var emails = new List<SpamEmail>();
        var header = true;
        foreach (var fields in ReadCsv(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (fields.Count != 5)
            {
                throw new InvalidDataException($"{path}: record {emails.Count + 1} has {fields.Count} fields; expected label, folder, id, subject, body.");
            }

            emails.Add(new SpamEmail(fields[0] == "spam", fields[1], fields[2], fields[3], fields[4]));
        }

        return emails;
    }

    /// <summary>
    /// The named characters of Jane Austen's <i>Persuasion</i> (1818), one word per first name, nickname or
    /// surname ("Anne", "Elliot", "Wentworth", ...), from <c>text/persuasion-characters.txt</c>: compiled by hand
    /// for this project and checked to occur in <c>text/austen_persuasion.txt</c>. The gold list for the
    /// honorific name finder's test; lines starting with '#' are comments.
    /// </summary>
    public static IReadOnlyList<string> PersuasionCharacters(string? dataDirectory = null)
    {
        var names = new List<string>();
        foreach (var line in File.ReadLines(DataDirectory.File("text/persuasion-characters.txt", dataDirectory), Encoding.UTF8))
        {
            var name = line.Trim();
            if (name.Length > 0 && name[0] != '#')
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>RFC 4180 records: comma-separated fields, double-quoted fields may hold commas, line breaks and doubled quotes.</summary>
    internal static IEnumerable<List<string>> ReadCsv(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields;
                    fields = [];
                    any = false;
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
