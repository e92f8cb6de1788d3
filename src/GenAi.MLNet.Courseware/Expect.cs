using System;

namespace GenAi.MLNet.Courseware;

/// <summary>Checks a notebook runs on its key figures: each throws when the figure is off, failing the cell.</summary>
public static class Expect
{
    /// <summary>Throws unless <paramref name="value"/> &lt;= <paramref name="limit"/>.</summary>
    public static double AtMost(double value, double limit, string what)
        => value <= limit ? value : throw new InvalidOperationException($"Check failed: {what} = {value:G5}, expected at most {limit:G5}.");

    /// <summary>Throws unless <paramref name="value"/> &gt;= <paramref name="limit"/>.</summary>
    public static double AtLeast(double value, double limit, string what)
        => value >= limit ? value : throw new InvalidOperationException($"Check failed: {what} = {value:G5}, expected at least {limit:G5}.");

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Check failed: {what}.");
        }
    }
}
