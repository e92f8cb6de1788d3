using System;
using System.Diagnostics;

namespace GenAi.MLNet.Benchmarks;

/// <summary>Training lengths that fit a wall-clock budget on this machine, for the comparisons at equal time.</summary>
internal static class TimeBudget
{
    /// <summary>
    /// The whole epochs that fit <paramref name="seconds"/>, from one timed calibration epoch (its model discarded):
    /// a schedule planned over whole epochs (e.g. cosine decay) then completes, which stopping on the clock would cut short.
    /// </summary>
    public static int Epochs(double seconds, Func<IDisposable> fitOneEpoch)
    {
        var watch = Stopwatch.StartNew();
        using (fitOneEpoch())
        {
            var perEpoch = watch.Elapsed.TotalSeconds;
            var epochs = Math.Max(1, (int)Math.Floor(seconds / perEpoch));
            Console.WriteLine(FormattableString.Invariant($"calibration: one epoch {perEpoch:F1} s → {epochs} epochs for {seconds:0.#} s"));
            return epochs;
        }
    }
}
