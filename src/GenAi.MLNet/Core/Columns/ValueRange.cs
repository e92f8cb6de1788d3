namespace GenAi.MLNet.Core.Columns;

/// <summary>The closed interval a model's input values must lie in, and why (for the error message).</summary>
/// <param name="Min">Smallest allowed value.</param>
/// <param name="Max">Largest allowed value.</param>
/// <param name="Why">The reason and the fix, e.g. "the Bernoulli likelihood needs values in [0, 1]; ...".</param>
internal sealed record ValueRange(float Min, float Max, string Why)
{
    public bool Contains(float value) => value >= Min && value <= Max;
}
