using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace GenAi.MLNet.Text.Retrieval;

/// <summary>
/// A weak-supervision named-entity labeller (a labelling function in the sense of Ratner et al., "Snorkel",
/// VLDB 2017): a capitalised word directly after an English honorific ("Mr", "Mrs.", "Captain", ...) is taken
/// to be a person's name. High precision, low recall: first names seldom follow an honorific, and a title
/// before a real person or a character of another book ("Lord Byron") counts as well.
/// </summary>
public static partial class HonorificNameFinder
{
    /// <summary>The honorifics recognised, each with or without a following full stop, matched case-sensitively.</summary>
    public static IReadOnlyList<string> Honorifics { get; } =
    [
        "Mr", "Mrs", "Miss", "Ms", "Dr", "Sir", "Lady", "Lord", "Captain", "Colonel", "Admiral", "General", "Major",
        "Lieutenant", "Rev", "Reverend",
    ];

    /// <summary>
    /// Every name found in <paramref name="text"/> with how often it occurs: the word right after an honorific
    /// (its optional full stop and any whitespace, line breaks included, between) when it starts with a capital
    /// letter, taken up to its last letter ("Robinson's" gives "Robinson"). For "Sir Walter Elliot" that is
    /// "Walter". Keys are case-sensitive.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in AfterHonorific().Matches(text))
        {
            var name = match.Groups["name"].Value;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:Mr|Mrs|Miss|Ms|Dr|Sir|Lady|Lord|Captain|Colonel|Admiral|General|Major|Lieutenant|Rev|Reverend)\.?\s+(?<name>\p{Lu}\p{L}*)", RegexOptions.CultureInvariant)]
    private static partial Regex AfterHonorific();
}
