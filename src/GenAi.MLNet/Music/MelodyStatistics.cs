using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Music;

/// <summary>How close generated melodies come to a corpus.</summary>
/// <param name="Notes">Generated notes scored.</param>
/// <param name="PitchClassDistance">Total variation distance (0 = identical, 1 = disjoint) between the pitch-class histograms (C, C♯, …, B).</param>
/// <param name="IntervalDistance">Total variation distance between the histograms of melodic steps (−12 … +12 semitones, larger leaps clipped).</param>
/// <param name="NovelPhrases">Fraction of the generated phrases (runs of <c>n</c> consecutive intervals) that occur nowhere in the corpus.</param>
public sealed record MelodyScores(int Notes, double PitchClassDistance, double IntervalDistance, double NovelPhrases);

/// <summary>The statistics music-generation papers compare first: pitch-class and interval histograms, and copied phrases.</summary>
public static class MelodyStatistics
{
    /// <summary>Share of notes in each of the 12 pitch classes (index 0 = C).</summary>
    public static double[] PitchClassHistogram(IEnumerable<IReadOnlyList<MidiNote>> melodies)
    {
        ArgumentNullException.ThrowIfNull(melodies);
        var counts = new double[12];
        foreach (var note in melodies.SelectMany(m => m))
        {
            counts[note.Pitch % 12]++;
        }

        return Normalise(counts);
    }

    /// <summary>Share of melodic steps of each size from −<paramref name="maxInterval"/> to +<paramref name="maxInterval"/> semitones (larger leaps clipped to the ends).</summary>
    public static double[] IntervalHistogram(IEnumerable<IReadOnlyList<MidiNote>> melodies, int maxInterval = 12)
    {
        ArgumentNullException.ThrowIfNull(melodies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxInterval);
        var counts = new double[(2 * maxInterval) + 1];
        foreach (var step in melodies.SelectMany(Intervals))
        {
            counts[Math.Clamp(step, -maxInterval, maxInterval) + maxInterval]++;
        }

        return Normalise(counts);
    }

    /// <summary>Total variation distance between two histograms: half the summed absolute differences.</summary>
    public static double TotalVariation(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count)
        {
            throw new ArgumentException($"The histograms have {p.Count} and {q.Count} bins.", nameof(q));
        }

        return 0.5 * p.Zip(q).Sum(x => Math.Abs(x.First - x.Second));
    }

    /// <summary>Scores <paramref name="generated"/> melodies against a <paramref name="corpus"/>; phrases are runs of <paramref name="phraseLength"/> intervals.</summary>
    /// <exception cref="ArgumentException">No generated notes.</exception>
    public static MelodyScores Compare(IReadOnlyList<IReadOnlyList<MidiNote>> generated, IReadOnlyList<IReadOnlyList<MidiNote>> corpus, int phraseLength = 6)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(corpus);
        var notes = generated.Sum(m => m.Count);
        if (notes == 0)
        {
            throw new ArgumentException("No generated notes to score.", nameof(generated));
        }

        var known = corpus.SelectMany(m => Phrases(m, phraseLength)).ToHashSet(StringComparer.Ordinal);
        var phrases = generated.SelectMany(m => Phrases(m, phraseLength)).ToArray();
        return new MelodyScores(
            notes,
            TotalVariation(PitchClassHistogram(generated), PitchClassHistogram(corpus)),
            TotalVariation(IntervalHistogram(generated), IntervalHistogram(corpus)),
            phrases.Length == 0 ? 0 : phrases.Count(p => !known.Contains(p)) / (double)phrases.Length);
    }

    private static IEnumerable<int> Intervals(IReadOnlyList<MidiNote> melody) => melody.Zip(melody.Skip(1)).Select(p => p.Second.Pitch - p.First.Pitch);

    private static IEnumerable<string> Phrases(IReadOnlyList<MidiNote> melody, int length)
    {
        var steps = Intervals(melody).ToArray();
        for (var i = 0; i + length <= steps.Length; i++)
        {
            yield return string.Join(',', steps.Skip(i).Take(length));
        }
    }

    private static double[] Normalise(double[] counts)
    {
        var total = counts.Sum();
        return total == 0 ? counts : counts.Select(c => c / total).ToArray();
    }
}
