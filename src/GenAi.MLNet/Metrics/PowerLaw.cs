using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// A power law y = <paramref name="Coefficient"/> · x^<paramref name="Exponent"/>, as fitted to scaling curves
/// (loss against parameters, data or compute: Kaplan et al., "Scaling Laws for Neural Language Models", 2020)
/// or to word frequency against rank (Zipf's law).
/// </summary>
/// <param name="Coefficient">The value at x = 1.</param>
/// <param name="Exponent">The power of x: the slope of the line on log–log axes.</param>
/// <param name="RSquared">The coefficient of determination of the fit on log–log axes (1 for points exactly on a power law).</param>
public sealed record PowerLaw(double Coefficient, double Exponent, double RSquared)
{
    /// <summary>
    /// Fits y = c · x^e by ordinary least squares of ln y on ln x: e the slope, c = exp(intercept), R² that of
    /// the log–log regression (1 when the logs of y are all equal and so fitted exactly).
    /// </summary>
    /// <param name="x">At least two finite values, all positive and not all equal.</param>
    /// <param name="y">As many finite positive values as <paramref name="x"/>.</param>
    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"{x.Count} x values but {y.Count} y values.", nameof(y));
        }

        if (x.Count < 2)
        {
            throw new ArgumentException($"A power law needs at least two points; got {x.Count}.", nameof(x));
        }

        var n = x.Count;
        var (lx, ly) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            lx[i] = Log(x[i], nameof(x), i);
            ly[i] = Log(y[i], nameof(y), i);
        }

        double meanX = lx.Sum() / n, meanY = ly.Sum() / n;

        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (lx[i] - meanX) * (lx[i] - meanX);
            sxy += (lx[i] - meanX) * (ly[i] - meanY);
            syy += (ly[i] - meanY) * (ly[i] - meanY);
        }

        if (sxx == 0)
        {
            throw new ArgumentException("All x values are equal, so the exponent is undefined.", nameof(x));
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        double residual = 0;
        for (var i = 0; i < n; i++)
        {
            var e = ly[i] - (intercept + (slope * lx[i]));
            residual += e * e;
        }

        // Equal logs of y leave only rounding error in syy: the constant law fits them exactly.
        var rSquared = syy <= 1e-24 * n * Math.Max(1, meanY * meanY) ? 1 : Math.Clamp(1 - (residual / syy), 0, 1);
        return new PowerLaw(Math.Exp(intercept), slope, rSquared);
    }

    /// <summary>The fitted y at <paramref name="x"/>: Coefficient · x^Exponent; <paramref name="x"/> must be ≥ 0.</summary>
    public double Predict(double x)
    {
        if (!(x >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "A power law is defined for x ≥ 0.");
        }

        return Coefficient * Math.Pow(x, Exponent);
    }

    /// <summary>The law as text with three significant figures, e.g. "y = 3.1·x^-0.076 (R² 0.98)".</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"y = {Coefficient:G3}·x^{Exponent:G3} (R² {RSquared:0.00})");

    private static double Log(double value, string parameter, int index)
        => double.IsFinite(value) && value > 0
            ? Math.Log(value)
            : throw new ArgumentException($"{parameter}[{index}] is {value}; a power law is fitted on logs, so every value must be finite and positive.", parameter);
}
