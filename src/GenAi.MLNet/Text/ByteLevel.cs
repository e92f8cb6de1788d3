using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace GenAi.MLNet.Text;

/// <summary>
/// GPT-2's byte level (Radford et al. 2019): text is split into words by one regular expression, each word
/// becomes its UTF-8 bytes, and each byte is written as one printable character (a space as 'Ġ', a newline
/// as 'Ċ') so that merges and vocabularies are plain strings. Every text is representable: no unknown token.
/// </summary>
internal static class ByteLevel
{
    /// <summary>GPT-2's pre-tokenizer: contractions, optionally space-led letter runs, digit runs, other symbols, spaces.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The character standing for each byte (index = byte).</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>The regular expression of <see cref="Gpt2Pattern"/>.</summary>
    public static readonly Regex Gpt2Regex = new(Gpt2Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>The byte-level spelling of <paramref name="word"/>: one character per UTF-8 byte.</summary>
    public static string Encode(string word)
    {
        var bytes = Encoding.UTF8.GetBytes(word);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteToChar[bytes[i]];
        }

        return new string(chars);
    }

    /// <summary>The words GPT-2's pre-tokenizer cuts <paramref name="text"/> into, in order.</summary>
    public static IEnumerable<string> Words(string text)
    {
        for (var match = Gpt2Regex.Match(text); match.Success; match = match.NextMatch())
        {
            yield return match.Value;
        }
    }

    // Printable Latin-1 bytes stand for themselves; the other 68 (controls, space, soft hyphen, ...) are
    // moved to U+0100 onwards in byte order - GPT-2's bytes_to_unicode.
    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
