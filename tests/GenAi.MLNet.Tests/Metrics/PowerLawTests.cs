using System;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public sealed class PowerLawTests
{
    [Fact]
    public void Fit_recovers_an_exact_power_law()
    {
        double[] x = [1e3, 1e4, 1e5, 1e6, 1e7];
        var y = x.Select(v => 3.1 * Math.Pow(v, -0.076)).ToArray();
        var law = PowerLaw.Fit(x, y);
        Assert.Equal(3.1, law.Coefficient, 9);
        Assert.Equal(-0.076, law.Exponent, 12);
        Assert.Equal(1.0, law.RSquared, 12);
        Assert.Equal(3.1 * Math.Pow(2e8, -0.076), law.Predict(2e8), 9);
        Assert.Equal("y = 3.1·x^-0.076 (R² 1.00)", law.ToString());

        // Two points determine the law; Zipf-like y = 1000 / x.
        var zipf = PowerLaw.Fit([1, 10], [1000, 100]);
        Assert.Equal((1000.0, -1.0, 1.0), (Math.Round(zipf.Coefficient, 9), Math.Round(zipf.Exponent, 12), zipf.RSquared));
        Assert.Equal(0.0, new PowerLaw(2, 1, 1).Predict(0));

        // Constant y: exponent 0, fitted exactly.
        var constant = PowerLaw.Fit([1, 2, 4], [5, 5, 5]);
        Assert.Equal((5.0, 0.0, 1.0), (Math.Round(constant.Coefficient, 12), Math.Round(constant.Exponent, 12), constant.RSquared));
    }

    [Fact]
    public void Noise_lowers_R_squared_but_the_fit_stays_close()
    {
        var random = new Random(7);
        var x = Enumerable.Range(1, 50).Select(i => (double)i * 100).ToArray();
        var y = x.Select(v => 20 * Math.Pow(v, -0.5) * Math.Exp(0.1 * ((random.NextDouble() * 2) - 1))).ToArray();
        var law = PowerLaw.Fit(x, y);
        Assert.InRange(law.RSquared, 0.8, 0.9999);
        Assert.Equal(-0.5, law.Exponent, 0.05);
        Assert.Equal(20, law.Coefficient, 20 * 0.3);
        Assert.StartsWith("y = ", law.ToString(), StringComparison.Ordinal);
        Assert.Contains(law.RSquared.ToString("0.00", CultureInfo.InvariantCulture), law.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_names_the_bad_argument()
    {
        Assert.Throws<ArgumentNullException>("x", () => PowerLaw.Fit(null!, [1.0]));
        Assert.Throws<ArgumentException>("y", () => PowerLaw.Fit([1.0, 2], [1.0]));
        Assert.Throws<ArgumentException>("x", () => PowerLaw.Fit([1.0], [1.0]));
        Assert.Throws<ArgumentException>("x", () => PowerLaw.Fit([1.0, 0], [1.0, 2]));
        Assert.Throws<ArgumentException>("y", () => PowerLaw.Fit([1.0, 2], [1.0, -2]));
        Assert.Throws<ArgumentException>("y", () => PowerLaw.Fit([1.0, 2], [1.0, double.NaN]));
        Assert.Throws<ArgumentException>("x", () => PowerLaw.Fit([3.0, 3], [1.0, 2]));
        Assert.Throws<ArgumentOutOfRangeException>("x", () => new PowerLaw(1, 1, 1).Predict(-1));
    }
}
