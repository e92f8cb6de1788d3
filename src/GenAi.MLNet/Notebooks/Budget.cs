using System;

namespace GenAi.MLNet.Notebooks;

/// <summary>
/// The compute budget of a notebook run, from the <c>GENAI_BUDGET</c> environment variable:
/// <c>full</c> (default: the figures quoted in the README) or <c>ci</c> (the test suite's short but
/// still meaningful run).
/// </summary>
public static class Budget
{
    /// <summary>The environment variable.</summary>
    public const string EnvironmentVariable = "GENAI_BUDGET";

    /// <summary>True when running at the CI budget.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "ci", StringComparison.OrdinalIgnoreCase);

    /// <summary>The budget's name.</summary>
    public static string Name => IsCi ? "ci" : "full";

    /// <summary><paramref name="full"/> at the full budget, <paramref name="ci"/> at the CI budget.</summary>
    public static T Pick<T>(T full, T ci) => IsCi ? ci : full;
}

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
