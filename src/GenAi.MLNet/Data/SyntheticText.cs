using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GenAi.MLNet.Data;

/// <summary>A source text and the text a model should produce from it.</summary>
/// <param name="Source">What the model reads (the prompt).</param>
/// <param name="Target">What it should write after the prompt.</param>
public sealed record TextPair(string Source, string Target);

/// <summary>
/// Small synthetic text tasks with an exact answer, for what no offline corpus offers: a format conversion
/// (a stand-in for translation), multi-digit addition (a skill that appears with scale) and copying over a
/// distance (long-range dependencies). Every generator is seeded and returns distinct sources.
/// </summary>
public static class SyntheticText
{
    private static readonly string[] s_months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>
    /// Calendar dates written two ways: the source in ISO 8601 (<c>1811-03-04</c>), the target as English prose
    /// writes them (<c>4 March 1811</c>). Years 1700 to 2099, every day valid. A conversion between two real formats
    /// with a learnable rule: month numbers to names, leading zeros dropped, fields reordered.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive or above the 146,097 dates of the range.</exception>
    public static IReadOnlyList<TextPair> Dates(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var first = new DateOnly(1700, 1, 1).DayNumber;
        var days = new DateOnly(2099, 12, 31).DayNumber - first + 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, days);
        return Distinct(count, seed, random =>
        {
            var date = DateOnly.FromDayNumber(first + random.Next(days));
            return new TextPair(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{date.Day} {s_months[date.Month - 1]} {date.Year}");
        });
    }

    /// <summary>
    /// Sums of two numbers of exactly <paramref name="digits"/> digits: the source <c>"483+219="</c>, the target
    /// <c>"702"</c>. A skill a language model either has (exact answers) or lacks, measured along model size.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is not 1 to 9, or there are fewer than <paramref name="count"/> distinct sums.</exception>
    public static IReadOnlyList<TextPair> Addition(int count, int digits, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        var low = (int)Math.Pow(10, digits - 1);
        var high = (int)Math.Pow(10, digits);
        if (count > Math.Pow(high - low, 2) / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Too many distinct sums asked of {digits}-digit numbers.");
        }

        return Distinct(count, seed, random =>
        {
            var (a, b) = (random.Next(low, high), random.Next(low, high));
            return new TextPair(string.Create(CultureInfo.InvariantCulture, $"{a}+{b}="), (a + (long)b).ToString(CultureInfo.InvariantCulture));
        });
    }

    /// <summary>
    /// A copy task over a distance: the source is a random string of <paramref name="length"/> letters (a to h), then
    /// <paramref name="gap"/> filler dots and a bar; the target repeats the string. Predicting the target's first letter
    /// needs the token <c>length + gap + 1</c> positions back, so accuracy against the gap measures how far a model's
    /// memory reaches.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive (the gap may be 0).</exception>
    public static IReadOnlyList<TextPair> Copy(int count, int length, int gap, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (count > Math.Pow(8, Math.Min(length, 10)))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Too many distinct strings asked of length {length}.");
        }

        return Distinct(count, seed, random =>
        {
            var letters = new string(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(8))).ToArray());
            return new TextPair(letters + new string('.', gap) + "|", letters);
        });
    }

    /// <summary>
    /// Exact-match accuracy: the share of <paramref name="predictions"/> equal to their <paramref name="targets"/> (ordinal, after trimming white space).
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double ExactMatch(IReadOnlyList<string> predictions, IReadOnlyList<string> targets)
    {
        CheckPairs(predictions, targets);

        return predictions.Zip(targets).Count(p => string.Equals(p.First.Trim(), p.Second.Trim(), StringComparison.Ordinal)) / (double)predictions.Count;
    }

    /// <summary>
    /// Partial credit: the share of the targets' characters that the predictions reproduce at the same position
    /// (a missing or extra character counts as wrong). Unlike <see cref="ExactMatch"/> it rises smoothly as a model
    /// gets more of each answer right — the continuous metric of Schaeffer et al. (2023).
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double CharacterAccuracy(IReadOnlyList<string> predictions, IReadOnlyList<string> targets)
    {
        CheckPairs(predictions, targets);

        double right = 0, total = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var (p, t) = (predictions[i].Trim(), targets[i].Trim());
            var length = Math.Max(p.Length, t.Length);
            total += length;
            for (var j = 0; j < Math.Min(p.Length, t.Length); j++)
            {
                right += p[j] == t[j] ? 1 : 0;
            }
        }

        return total == 0 ? 1 : right / total;
    }

    private static void CheckPairs(IReadOnlyList<string> predictions, IReadOnlyList<string> targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Count != targets.Count || predictions.Count == 0)
        {
            throw new ArgumentException($"{predictions.Count} predictions for {targets.Count} targets; both must be the same, non-zero number.", nameof(predictions));
        }
    }

    private static TextPair[] Distinct(int count, int seed, Func<Random, TextPair> draw)
    {
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<TextPair>(count);
        while (pairs.Count < count)
        {
            var pair = draw(random);
            if (seen.Add(pair.Source))
            {
                pairs.Add(pair);
            }
        }

        return pairs.ToArray();
    }
}
