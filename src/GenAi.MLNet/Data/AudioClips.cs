using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace GenAi.MLNet.Data;

/// <summary>Audio cut into fixed-length clips, one per row: the input of <c>WaveNet</c>.</summary>
public static class AudioClips
{
    /// <summary>Non-overlapping clips of <paramref name="clipLength"/> samples from each recording (a shorter tail is dropped).</summary>
    public static float[][] Cut(IEnumerable<float[]> recordings, int clipLength)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        ArgumentOutOfRangeException.ThrowIfLessThan(clipLength, 2);
        return recordings.SelectMany(r => Enumerable.Range(0, r.Length / clipLength).Select(i => r.AsSpan(i * clipLength, clipLength).ToArray())).ToArray();
    }

    /// <summary>The clips as a view with one known-size vector column.</summary>
    public static IDataView ToDataView(IReadOnlyList<float[]> clips, string columnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0)
        {
            throw new ArgumentException("No clips: the recordings are shorter than one clip.", nameof(clips));
        }

        var length = clips[0].Length;
        if (clips.Any(c => c.Length != length))
        {
            throw new ArgumentException("Every clip must have the same length.", nameof(clips));
        }

        return new InMemoryDataView.Builder().AddVector(columnName, clips.SelectMany(c => c).ToArray(), length).Build();
    }
}
