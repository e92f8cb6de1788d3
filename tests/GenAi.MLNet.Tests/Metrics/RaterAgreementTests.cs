using System;
using System.Linq;
using GenAi.MLNet.Metrics;
using Xunit;

namespace GenAi.MLNet.Tests.Metrics;

public class RaterAgreementTests
{
    [Fact]
    public void Fleiss_kappa_matches_the_worked_example()
    {
        // The worked example of Fleiss' kappa (10 subjects, 14 raters, 5 categories): kappa = 0.210.
        int[,] counts =
        {
            { 0, 0, 0, 0, 14 }, { 0, 2, 6, 4, 2 }, { 0, 0, 3, 5, 6 }, { 0, 3, 9, 2, 0 }, { 2, 2, 8, 1, 1 },
            { 7, 7, 0, 0, 0 }, { 3, 2, 6, 3, 0 }, { 2, 5, 3, 2, 2 }, { 6, 5, 2, 1, 0 }, { 0, 2, 2, 3, 7 },
        };
        Assert.Equal(0.210, RaterAgreement.FleissKappa(counts), 3);
        Assert.Equal(1.0, RaterAgreement.FleissKappa(new[,] { { 3, 0 }, { 0, 3 }, { 3, 0 } }), 12);
    }

    [Fact]
    public void Bradley_Terry_recovers_known_strengths()
    {
        double[] truth = [0.5, 0.3, 0.15, 0.05];
        var random = new Random(4);
        var wins = new double[4, 4];
        for (var t = 0; t < 20_000; t++)
        {
            var (i, j) = (random.Next(4), random.Next(4));
            if (i == j)
            {
                continue;
            }

            if (random.NextDouble() < truth[i] / (truth[i] + truth[j]))
            {
                wins[i, j]++;
            }
            else
            {
                wins[j, i]++;
            }
        }

        var fitted = RaterAgreement.BradleyTerry(wins);
        Assert.Equal(1.0, fitted.Sum(), 9);
        Assert.All(fitted.Zip(truth), p => Assert.Equal(p.Second, p.First, 0.02));
        Assert.Equal(1.0, RaterAgreement.KendallTau(fitted, truth));
        Assert.Equal(-1.0, RaterAgreement.KendallTau([1, 2, 3], [3, 2, 1]));
    }
}
