using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace GenAi.MLNet.Text;

/// <summary>
/// The simplest tokenizer: one token per character (UTF-16 code unit) seen in training, id 0 for any
/// character it has not seen (and as the start-of-text context of autoregressive models). Round-trips every
/// text made of known characters exactly.
/// </summary>
public sealed class CharacterTokenizer : TextTokenizer
{
    /// <summary>The id of characters outside the alphabet (and of the start of a text).</summary>
    public const long UnknownId = 0;

    private readonly Dictionary<char, long> _ids;

    private CharacterTokenizer(string alphabet)
    {
        Alphabet = alphabet;
        _ids = alphabet.Select((c, i) => (c, (long)i + 1)).ToDictionary(p => p.c, p => p.Item2);
    }

    /// <summary>The known characters in id order (ids 1, 2, ...).</summary>
    public string Alphabet { get; }

    /// <summary>Ids in use: the alphabet plus the unknown id.</summary>
    public override int VocabularySize => Alphabet.Length + 1;

    /// <inheritdoc />
    public override string Kind => "character";

    /// <summary>The unknown id 0, which also starts every text.</summary>
    public override long BoundaryId => UnknownId;

    /// <inheritdoc />
    public override long? UnknownTokenId => UnknownId;

    /// <summary>The tokenizer of every distinct character in <paramref name="texts"/>, in ordinal order.</summary>
    public static CharacterTokenizer Train(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var seen = new SortedSet<char>();
        foreach (var text in texts)
        {
            if (text is not null)
            {
                seen.UnionWith(text);
            }
        }

        return new CharacterTokenizer(new string(seen.ToArray()));
    }

    /// <summary>The tokenizer of a saved alphabet (<see cref="Alphabet"/>).</summary>
    /// <exception cref="ArgumentException">A character appears twice.</exception>
    public static CharacterTokenizer FromAlphabet(string alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (alphabet.Distinct().Count() != alphabet.Length)
        {
            throw new ArgumentException("An alphabet lists each character once.", nameof(alphabet));
        }

        return new CharacterTokenizer(alphabet);
    }

    /// <summary>The ids of <paramref name="text"/>'s characters.</summary>
    public override long[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new long[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            ids[i] = _ids.TryGetValue(text[i], out var id) ? id : UnknownId;
        }

        return ids;
    }

    /// <summary>The text of <paramref name="ids"/> (unknown ids as U+FFFD).</summary>
    public override string Decode(IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            text.Append(id > 0 && id <= Alphabet.Length ? Alphabet[(int)id - 1] : '\uFFFD');
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string TokenText(long id) => id > 0 && id <= Alphabet.Length ? Alphabet[(int)id - 1].ToString() : "\uFFFD";

    /// <inheritdoc />
    internal override SavedTokenizer ToSaved() => new() { Kind = Kind, Alphabet = Alphabet };
}
