using System;

namespace GenAi.MLNet.Courseware;

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
