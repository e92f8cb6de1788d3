using System;
using GenAi.MLNet.Courseware;
using Xunit;

namespace GenAi.MLNet.Tests.Courseware;

/// <summary>The Dirac GAN behaves as Mescheder et al. (2018) prove: plain gradient steps never converge, R1 does.</summary>
public class DiracGanTests
{
    [Fact]
    public void Simultaneous_steps_spiral_away_from_the_equilibrium()
    {
        var run = DiracGan.Train(500, 0.2);
        Assert.Equal(501, run.Theta.Count);
        Assert.True(run.FinalDistance > 2 * run.StartDistance, $"{run.StartDistance} -> {run.FinalDistance}");
        Assert.True(run.DistanceAt(250) > run.DistanceAt(0) && run.FinalDistance > run.DistanceAt(250), "the distance keeps growing");
    }

    [Fact]
    public void Alternating_steps_circle_without_converging()
    {
        var run = DiracGan.Train(500, 0.2, DiracGanUpdate.Alternating);
        Assert.InRange(run.FinalDistance / run.StartDistance, 0.9, 1.2);
        Assert.True(Math.Sign(run.Theta[0]) != Math.Sign(run.Theta[100]) || Math.Sign(run.Psi[0]) != Math.Sign(run.Psi[100]), "the players circle the equilibrium");
    }

    [Fact]
    public void The_R1_gradient_penalty_converges()
    {
        var run = DiracGan.Train(500, 0.2, gradientPenalty: 1);
        Assert.True(run.FinalDistance < 1e-6 * run.StartDistance, $"{run.StartDistance} -> {run.FinalDistance}");
    }

    [Fact]
    public void Bad_arguments_name_themselves()
    {
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => DiracGan.Train(10, 0)).ParamName);
        Assert.Equal("gradientPenalty", Assert.Throws<ArgumentOutOfRangeException>(() => DiracGan.Train(10, 0.1, gradientPenalty: -1)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => DiracGan.Train(-1, 0.1)).ParamName);
    }
}
