using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NAudio.Midi;

namespace GenAi.MLNet.Data;

/// <summary>A note read from a MIDI file: when it starts and how long it lasts (seconds), its MIDI number and velocity.</summary>
/// <param name="Start">Onset, seconds from the start.</param>
/// <param name="Duration">Length, seconds.</param>
/// <param name="Pitch">MIDI note number (60 = middle C).</param>
/// <param name="Velocity">Loudness, 1–127.</param>
public sealed record MidiNote(double Start, double Duration, int Pitch, int Velocity);

/// <summary>
/// MIDI files as notes and as audio: the notes are read with NAudio.Midi (every track, the tempo map applied) and
/// rendered by additive synthesis — each note a fundamental and three harmonics under a piano-like envelope
/// (a 5 ms attack, then exponential decay) — into mono samples in [−1, 1].
/// </summary>
public static class MidiAudio
{
    /// <summary>The notes of a MIDI file, in onset order.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable MIDI file (named).</exception>
    public static IReadOnlyList<MidiNote> ReadNotes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No MIDI file at '{path}'.", path);
        }

        MidiFile file;
        try
        {
            file = new MidiFile(path, false);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"'{path}' is not a readable MIDI file: {e.Message}", e);
        }

        var ticksPerQuarter = file.DeltaTicksPerQuarterNote;
        var tempos = Enumerable.Range(0, file.Tracks).SelectMany(t => file.Events[t]).OfType<TempoEvent>()
            .Select(e => (Tick: e.AbsoluteTime, MicrosecondsPerQuarter: e.MicrosecondsPerQuarterNote)).OrderBy(e => e.Tick).ToList();
        if (tempos.Count == 0 || tempos[0].Tick > 0)
        {
            tempos.Insert(0, (0, 500_000));   // MIDI's default: 120 beats per minute
        }

        double Seconds(long tick)
        {
            double seconds = 0;
            for (var i = 0; i < tempos.Count && tempos[i].Tick < tick; i++)
            {
                var end = i + 1 < tempos.Count ? Math.Min(tick, tempos[i + 1].Tick) : tick;
                seconds += (end - tempos[i].Tick) * tempos[i].MicrosecondsPerQuarter / 1e6 / ticksPerQuarter;
            }

            return seconds;
        }

        return Enumerable.Range(0, file.Tracks).SelectMany(t => file.Events[t]).OfType<NoteOnEvent>()
            .Where(n => n.Velocity > 0 && n.OffEvent is not null)
            .Select(n =>
            {
                var start = Seconds(n.AbsoluteTime);
                return new MidiNote(start, Math.Max(0.02, Seconds(n.AbsoluteTime + n.NoteLength) - start), n.NoteNumber, n.Velocity);
            })
            .OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToArray();
    }

    /// <summary>
    /// Renders notes to mono samples at <paramref name="sampleRate"/> Hz, peak-normalised to 0.9. Each note sounds
    /// for its duration plus a 0.2 s release.
    /// </summary>
    public static float[] Render(IReadOnlyList<MidiNote> notes, int sampleRate = 8000)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        if (notes.Count == 0)
        {
            return [];
        }

        const double release = 0.2;
        var length = (int)Math.Ceiling((notes.Max(n => n.Start + n.Duration) + release) * sampleRate);
        var mix = new double[length];
        double[] harmonics = [1.0, 0.5, 0.25, 0.125];
        foreach (var note in notes)
        {
            var frequency = 440 * Math.Pow(2, (note.Pitch - 69) / 12.0);
            var first = (int)(note.Start * sampleRate);
            var count = (int)((note.Duration + release) * sampleRate);
            var gain = note.Velocity / 127.0;
            for (var i = 0; i < count && first + i < length; i++)
            {
                var t = (double)i / sampleRate;
                var envelope = Math.Min(1, t / 0.005) * Math.Exp(-3 * t) * (t > note.Duration ? Math.Exp(-(t - note.Duration) / 0.05) : 1);
                double value = 0;
                for (var h = 0; h < harmonics.Length && frequency * (h + 1) < sampleRate / 2.0; h++)
                {
                    value += harmonics[h] * Math.Sin(2 * Math.PI * frequency * (h + 1) * t);
                }

                mix[first + i] += gain * envelope * value;
            }
        }

        var peak = mix.Max(Math.Abs);
        var scale = peak > 0 ? 0.9 / peak : 0;
        return mix.Select(v => (float)(v * scale)).ToArray();
    }

    /// <summary>Reads and renders a MIDI file (see <see cref="ReadNotes"/> and <see cref="Render(IReadOnlyList{MidiNote}, int)"/>).</summary>
    public static float[] Render(string path, int sampleRate = 8000) => Render(ReadNotes(path), sampleRate);

    /// <summary>
    /// Writes notes as a one-track MIDI file (type 0, piano, <paramref name="beatsPerMinute"/> with a quarter note per
    /// beat; times rounded to 1/480 of a beat). The file is written atomically: a failure leaves no partial file.
    /// </summary>
    /// <exception cref="ArgumentException">A note's pitch or velocity is outside 0–127 (or velocity 0), or its time is negative.</exception>
    public static void WriteNotes(string path, IReadOnlyList<MidiNote> notes, double beatsPerMinute = 120)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beatsPerMinute);
        const int ticksPerQuarter = 480;
        var ticksPerSecond = ticksPerQuarter * beatsPerMinute / 60;
        var events = new MidiEventCollection(0, ticksPerQuarter);
        events.AddTrack();
        events.AddEvent(new TempoEvent((int)Math.Round(60_000_000 / beatsPerMinute), 0), 0);
        long end = 0;
        for (var i = 0; i < notes.Count; i++)
        {
            var n = notes[i];
            if (n.Pitch is < 0 or > 127 || n.Velocity is < 1 or > 127 || !(n.Start >= 0) || !(n.Duration > 0))
            {
                throw new ArgumentException($"Note {i} (pitch {n.Pitch}, velocity {n.Velocity}, start {n.Start}, duration {n.Duration}) is not a playable MIDI note.", nameof(notes));
            }

            var on = (long)Math.Round(n.Start * ticksPerSecond);
            var length = Math.Max(1, (int)Math.Round(n.Duration * ticksPerSecond));
            var noteOn = new NoteOnEvent(on, 1, n.Pitch, n.Velocity, length);
            events.AddEvent(noteOn, 0);
            events.AddEvent(noteOn.OffEvent!, 0);
            end = Math.Max(end, on + length);
        }

        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, end), 0);
        events.PrepareForExport();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            MidiFile.Export(temporary, events);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}

