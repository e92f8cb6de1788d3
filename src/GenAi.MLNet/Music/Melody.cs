using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Music;

/// <summary>
/// Melodies as text a language model can learn: the top line of a MIDI piece (at each onset its highest note), each
/// note written as two characters — its pitch (one character per MIDI number, from U+0100) and its length in
/// units of the piece's commonest inter-onset interval (<see cref="DurationSteps"/>, written 'a', 'b', …).
/// </summary>
public static class Melody
{
    /// <summary>The note lengths a melody is rounded to, in beat units: an eighth of the unit to eight units.</summary>
    public static IReadOnlyList<double> DurationSteps { get; } = [0.5, 1, 1.5, 2, 3, 4, 6, 8];

    /// <summary>The character of MIDI pitch 0; pitch p is written as (char)(PitchBase + p).</summary>
    public const char PitchBase = '\u0100';

    /// <summary>
    /// The melody of a piece (the "skyline"): for each onset (notes starting within <paramref name="onsetTolerance"/>
    /// seconds count as one), its highest note, lasting until the next onset (the last one its own length).
    /// </summary>
    public static IReadOnlyList<MidiNote> Extract(IReadOnlyList<MidiNote> notes, double onsetTolerance = 0.02)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var ordered = notes.OrderBy(n => n.Start).ToArray();
        var onsets = new List<MidiNote>();
        foreach (var note in ordered)
        {
            if (onsets.Count > 0 && note.Start - onsets[^1].Start < onsetTolerance)
            {
                if (note.Pitch > onsets[^1].Pitch)
                {
                    onsets[^1] = note with { Start = onsets[^1].Start };
                }
            }
            else
            {
                onsets.Add(note);
            }
        }

        return onsets.Select((n, i) => i + 1 < onsets.Count ? n with { Duration = onsets[i + 1].Start - n.Start } : n).ToArray();
    }

    /// <summary>The commonest inter-onset interval of a melody (seconds, to 10 ms): its beat unit.</summary>
    /// <exception cref="ArgumentException">Fewer than two notes.</exception>
    public static double BeatUnit(IReadOnlyList<MidiNote> melody)
    {
        ArgumentNullException.ThrowIfNull(melody);
        if (melody.Count < 2)
        {
            throw new ArgumentException("A beat unit needs at least two notes.", nameof(melody));
        }

        return melody.Zip(melody.Skip(1)).Select(p => Math.Round(p.Second.Start - p.First.Start, 2)).Where(d => d > 0)
            .GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    }

    /// <summary>A melody as text: two characters a note (see <see cref="Melody"/>); the unit defaults to <see cref="BeatUnit"/>.</summary>
    public static string ToText(IReadOnlyList<MidiNote> melody, double? unitSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(melody);
        var unit = unitSeconds ?? BeatUnit(melody);
        var text = new StringBuilder(melody.Count * 2);
        foreach (var note in melody)
        {
            var beats = note.Duration / unit;
            var step = Enumerable.Range(0, DurationSteps.Count).MinBy(k => Math.Abs(Math.Log(DurationSteps[k] / Math.Max(beats, 1e-3))));
            text.Append((char)(PitchBase + note.Pitch)).Append((char)('a' + step));
        }

        return text.ToString();
    }

    /// <summary>
    /// Notes from melody text (the inverse of <see cref="ToText"/>), one after another, a unit lasting
    /// <paramref name="unitSeconds"/>. Characters that do not form a pitch–length pair (a model's slip) are skipped.
    /// </summary>
    public static IReadOnlyList<MidiNote> FromText(string text, double unitSeconds = 0.25, int velocity = 90)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitSeconds);
        var notes = new List<MidiNote>();
        var time = 0.0;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var pitch = text[i] - PitchBase;
            var step = text[i + 1] - 'a';
            if (pitch is < 0 or > 127 || step < 0 || step >= DurationSteps.Count)
            {
                continue;
            }

            var duration = DurationSteps[step] * unitSeconds;
            notes.Add(new MidiNote(time, duration, pitch, velocity));
            time += duration;
            i++;
        }

        return notes;
    }

    /// <summary>The melody moved by <paramref name="semitones"/> (pitches kept within 0–127).</summary>
    public static IReadOnlyList<MidiNote> Transpose(IReadOnlyList<MidiNote> melody, int semitones)
    {
        ArgumentNullException.ThrowIfNull(melody);
        return melody.Select(n => n with { Pitch = Math.Clamp(n.Pitch + semitones, 0, 127) }).ToArray();
    }

    /// <summary>
    /// A traditional baseline: melody text sampled from an order-<paramref name="order"/> Markov chain over the notes
    /// (pitch and length) of <paramref name="corpus"/> — order 0 draws notes independently by frequency, order 1 each
    /// note given the previous one. A context never seen falls back to order 0.
    /// </summary>
    public static string SampleMarkov(IReadOnlyList<string> corpus, int notes, int order, int seed)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(notes);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        var pieces = corpus.Select(t => Enumerable.Range(0, t.Length / 2).Select(i => t.Substring(2 * i, 2)).ToArray()).Where(p => p.Length > 0).ToArray();
        if (pieces.Length == 0)
        {
            throw new ArgumentException("The corpus holds no notes.", nameof(corpus));
        }

        var all = pieces.SelectMany(p => p).ToArray();
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var piece in pieces)
        {
            for (var i = order; i < piece.Length; i++)
            {
                var context = string.Concat(piece[(i - order)..i]);
                if (!next.TryGetValue(context, out var list))
                {
                    next[context] = list = [];
                }

                list.Add(piece[i]);
            }
        }

        var random = new Random(seed);
        var output = new List<string>();
        while (output.Count < notes)
        {
            var context = output.Count >= order ? string.Concat(output.Skip(output.Count - order)) : null;
            output.Add(context is not null && next.TryGetValue(context, out var options) ? options[random.Next(options.Count)] : all[random.Next(all.Length)]);
        }

        return string.Concat(output);
    }
}

