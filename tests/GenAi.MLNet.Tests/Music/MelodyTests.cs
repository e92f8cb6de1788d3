using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Music;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Music;

public sealed class MelodyTests(ITestOutputHelper output)
{
    /// <summary>The skyline keeps the highest note of each chord and lasts until the next onset.</summary>
    [Fact]
    public void TheMelodyIsTheTopLine()
    {
        MidiNote[] notes = [new(0, 1, 60, 80), new(0.005, 1, 64, 80), new(0, 1, 67, 80), new(0.5, 0.25, 72, 80), new(1.0, 0.5, 71, 80)];
        var melody = Melody.Extract(notes);
        Assert.Equal([67, 72, 71], melody.Select(n => n.Pitch));
        Assert.Equal([0.5, 0.5, 0.5], melody.Select(n => Math.Round(n.Duration, 6)));
        Assert.Equal(0.5, Melody.BeatUnit(melody));
    }

    /// <summary>Text round trip: two characters a note, lengths in units of the beat, slips skipped.</summary>
    [Fact]
    public void TextRoundTripsAndSkipsSlips()
    {
        MidiNote[] melody = [new(0, 0.5, 60, 90), new(0.5, 0.25, 62, 90), new(0.75, 1.0, 64, 90)];
        var text = Melody.ToText(melody, unitSeconds: 0.5);
        Assert.Equal(6, text.Length);
        Assert.Equal($"{(char)(Melody.PitchBase + 60)}b{(char)(Melody.PitchBase + 62)}a{(char)(Melody.PitchBase + 64)}d", text);
        var back = Melody.FromText(text, unitSeconds: 0.5);
        Assert.Equal(melody.Select(n => (n.Start, n.Duration, n.Pitch)), back.Select(n => (n.Start, n.Duration, n.Pitch)));
        Assert.Equal(2, Melody.FromText("b" + text[..2] + "zz" + text[2..4], 0.5).Count);   // a stray length, a stray pair
    }

    /// <summary>Written notes read back from the .mid file: same pitches, onsets and lengths (to a tick).</summary>
    [Fact]
    public void NotesWrittenAsMidiReadBack()
    {
        var path = Path.Combine(Path.GetTempPath(), $"melody-{Guid.NewGuid():N}.mid");
        try
        {
            MidiNote[] melody = [new(0, 0.5, 60, 90), new(0.5, 0.25, 62, 70), new(0.75, 1.0, 64, 100)];
            MidiAudio.WriteNotes(path, melody, beatsPerMinute: 100);
            var back = MidiAudio.ReadNotes(path);
            Assert.Equal(melody.Select(n => (n.Pitch, n.Velocity)), back.Select(n => (n.Pitch, n.Velocity)));
            Assert.All(melody.Zip(back), p => Assert.InRange(Math.Abs(p.First.Start - p.Second.Start) + Math.Abs(p.First.Duration - p.Second.Duration), 0, 0.01));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*"));
            var e = Assert.Throws<ArgumentException>(() => MidiAudio.WriteNotes(path, [new MidiNote(0, 1, 130, 90)]));
            Assert.Contains("Note 0", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Histograms and distances on a hand-checked pair; the corpus in data/music against itself and against a chromatic scale.</summary>
    [Fact]
    public void StatisticsAreHandCheckedAndSeparateTheCorpusFromAScale()
    {
        MidiNote[] up = [new(0, 1, 60, 90), new(1, 1, 62, 90), new(2, 1, 64, 90)];    // C D E: steps +2 +2
        var pc = MelodyStatistics.PitchClassHistogram([up]);
        Assert.Equal(1 / 3.0, pc[0], 12);
        Assert.Equal(1 / 3.0, pc[4], 12);
        Assert.Equal(1.0, MelodyStatistics.IntervalHistogram([up])[12 + 2], 12);
        Assert.Equal(0.5, MelodyStatistics.TotalVariation([1, 0], [0.5, 0.5]), 12);

        var corpus = MusicDatasets.MidiPieces().Select(p => Melody.Extract(p.Notes)).ToArray();
        var notes = corpus.Sum(m => m.Count);
        output.WriteLine($"{corpus.Length} pieces, {notes} melody notes; texts {string.Join(", ", corpus.Select(m => m.Count))}");
        Assert.Equal(13, corpus.Length);
        var self = MelodyStatistics.Compare(corpus, corpus);
        Assert.Equal(0, self.PitchClassDistance, 12);
        Assert.Equal(0, self.NovelPhrases, 12);
        var chromatic = Enumerable.Range(0, 200).Select(i => new MidiNote(i * 0.25, 0.25, 48 + (i % 24), 90)).ToArray();
        var scale = MelodyStatistics.Compare([chromatic], corpus);
        output.WriteLine($"chromatic scale vs corpus: {scale}");
        Assert.True(scale.IntervalDistance > 0.5, $"interval distance {scale.IntervalDistance}");
        Assert.True(scale.PitchClassDistance > 0.1, $"pitch-class distance {scale.PitchClassDistance}");
    }
}
