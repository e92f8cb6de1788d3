using System;
using GenAi.MLNet.Courseware;
using GenAi.MLNet.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Courseware;

[Collection(TorchCollection.Name)]
public class MixtureLabTests(ITestOutputHelper output)
{
    [Fact]
    [Trait(TorchCollection.ThreadsTrait, TorchCollection.DefaultThreads)]
    public void A_short_lab_run_learns_the_ring_and_honours_the_step_budget()
    {
        var run = MixtureLab.Run(GaussianMixture.Ring(), MixtureLab.Configuration("vanilla"), 1500, seed: 1, snapshotEpochs: [1]);
        output.WriteLine($"{run.Scores}, {run.Seconds:F1} s");
        Assert.Equal(1500, run.GeneratorSteps);
        Assert.True(run.Scores.ModesCaptured >= 5, run.Scores.ToString());
        Assert.Single(run.Model.Snapshots);
        Assert.Equal(1000, run.Model.Snapshots[0].GeneratorSteps);
        Assert.Equal(1500, run.Model.History.Steps.Count);
    }

    [Fact]
    public void Lab_configurations_combine_by_name()
    {
        var options = MixtureLab.Protocol();
        MixtureLab.Configuration("pacgan2+critic=5+lr=2e-4").Apply(options);
        Assert.Equal((2, 200, 5, 2e-4), (options.Pack, options.BatchSize, options.CriticSteps, options.LearningRate));
        Assert.Throws<ArgumentException>(() => MixtureLab.Configuration("no-such-remedy"));
    }

    [Fact]
    public void Budget_and_checks()
    {
        Assert.Equal(3, Expect.AtLeast(3, 2, "x"));
        Assert.Throws<InvalidOperationException>(() => Expect.AtMost(3, 2, "x"));
        Assert.Equal(Budget.IsCi ? 2 : 1, Budget.Pick(1, 2));
    }
}
