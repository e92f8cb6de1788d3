namespace GenAi.MLNet.Training;

/// <summary>Per-value statistics of a float column over the training rows.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Whole">Whether every value is a whole number.</param>
/// <param name="Skewness">Sample skewness (0 for a constant value).</param>
internal sealed record ValueProfile(float[] Min, float[] Max, bool[] Whole, double[] Skewness);
