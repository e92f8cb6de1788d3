using System;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Training;

/// <summary>The library's optimizers against torch.optim step for step, and the utilities around them.</summary>
[Collection(TorchCollection.Name)]
public class OptimizerTests
{
    [Fact]
    public void Adam_matches_torch_optim_Adam_with_and_without_L2()
    {
        foreach (var decay in new[] { 0.0, 0.05 })
        {
            StepForStep(
                p => new GenAi.MLNet.Training.Optimizers.Adam(p, 1e-2, weightDecay: decay),
                p => optim.Adam(p, 1e-2, weight_decay: decay));
        }
    }

    [Fact]
    public void AdamW_matches_torch_optim_AdamW_on_weights_and_does_not_decay_biases()
    {
        // torch.optim.AdamW decays every parameter; ours only those of 2+ dimensions. Compare the weights with
        // torch decaying weights only (two parameter groups), and check the biases are untouched by decay.
        var (a, b) = (Model(), Model());
        using var ours = new AdamW(a.parameters(), 1e-2, weightDecay: 0.1);
        var weights = b.parameters().Where(p => p.dim() >= 2).ToArray();
        var biases = b.parameters().Where(p => p.dim() < 2).ToArray();
        using var reference = optim.AdamW([
            new TorchSharp.Modules.AdamW.ParamGroup(weights, lr: 1e-2, weight_decay: 0.1),
            new TorchSharp.Modules.AdamW.ParamGroup(biases, lr: 1e-2, weight_decay: 0),
        ]);
        Run(a, b, ours.ZeroGrad, ours.Step, reference.zero_grad, () => reference.step());
        AssertClose(a, b);
        Assert.Equal(2, ours.DecayedParameters.Count);   // the two weight matrices
    }

    [Fact]
    public void Sgd_with_momentum_matches_torch_optim_SGD()
    {
        StepForStep(p => new Sgd(p, 1e-2, momentum: 0.9), p => optim.SGD(p, 1e-2, momentum: 0.9));
        StepForStep(p => new Sgd(p, 1e-2, momentum: 0.9, weightDecay: 1e-3, nesterov: true), p => optim.SGD(p, 1e-2, momentum: 0.9, weight_decay: 1e-3, nesterov: true));
    }

    [Fact]
    public void Clipping_bounds_the_global_gradient_norm()
    {
        GenerativeRuntime.EnsureLoaded();
        var model = Model();
        using var optimizer = new GenAi.MLNet.Training.Optimizers.Adam(model.parameters(), 1e-3);
        using var scope = NewDisposeScope();
        var x = randn([64, 5], generator: new torch.Generator(3));
        (model.call(x).square().sum() * 100).backward();
        var before = optimizer.GradientNorm();
        Assert.True(before > 1);
        Assert.Equal(before, optimizer.ClipGradientNorm(0.5), 4);
        Assert.Equal(0.5, optimizer.GradientNorm(), 3);
    }

    [Fact]
    public void Schedules_warm_up_then_follow_their_shape()
    {
        var cosine = new LearningRateScheduler(new TestOptions { LearningRateSchedule = LearningRateSchedule.WarmupCosine, WarmupSteps = 10, MinLearningRateFraction = 0.1 }, totalSteps: 110);
        Assert.Equal(0.1, cosine.Factor(0), 10);        // (0 + 1) / 10
        Assert.Equal(1.0, cosine.Factor(9), 10);
        Assert.Equal(1.0, cosine.Factor(10), 10);        // top of the cosine
        Assert.Equal(0.55, cosine.Factor(10 + 49) + ((cosine.Factor(10 + 50) - cosine.Factor(10 + 49)) / 2), 2);   // half way: (1 + 0.1) / 2
        Assert.Equal(0.1, cosine.Factor(109), 10);       // the last planned step
        var step = new LearningRateScheduler(new TestOptions { LearningRateSchedule = LearningRateSchedule.Step, StepDecaySteps = 100, StepDecayFactor = 0.5 }, 1000);
        Assert.Equal([1, 1, 0.5, 0.25], new[] { 0, 99, 100, 250 }.Select(s => step.Factor(s)).ToArray());
        Assert.Equal(1, new LearningRateScheduler(new TestOptions(), 10).Factor(5));
    }

    [Fact]
    public void The_moving_average_moves_by_one_minus_decay()
    {
        GenerativeRuntime.EnsureLoaded();
        var (average, source) = (Model(), Model());
        using (no_grad())
        {
            foreach (var p in source.parameters())
            {
                p.add_(1);
            }
        }

        ExponentialMovingAverage.Update(average, source, 0.9);
        foreach (var (a, s) in average.parameters().Zip(source.parameters()))
        {
            Assert.True(a.allclose(s - 0.9, rtol: 1e-5, atol: 1e-6));   // 0.9 (s - 1) + 0.1 s = s - 0.9
        }
    }

    private static void StepForStep(Func<TorchSharp.Modules.Parameter[], Optimizer> create, Func<TorchSharp.Modules.Parameter[], optim.Optimizer> reference)
    {
        GenerativeRuntime.EnsureLoaded();
        var (a, b) = (Model(), Model());
        using var ours = create(a.parameters().ToArray());
        using var theirs = reference(b.parameters().ToArray());
        Run(a, b, ours.ZeroGrad, ours.Step, theirs.zero_grad, () => theirs.step());
        AssertClose(a, b);
        Assert.Equal(50, ours.StepCount);
    }

    private static void Run(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, Action zeroA, Action stepA, Action zeroB, Action stepB)
    {
        var x = randn([64, 5], generator: new torch.Generator(2));
        var y = x.sum(1, keepdim: true).sin();
        for (var step = 0; step < 50; step++)
        {
            using var scope = NewDisposeScope();
            zeroA();
            nn.functional.mse_loss(a.call(x), y).backward();
            stepA();
            zeroB();
            nn.functional.mse_loss(b.call(x), y).backward();
            stepB();
        }
    }

    private static void AssertClose(nn.Module a, nn.Module b)
    {
        foreach (var (p, q) in a.parameters().Zip(b.parameters()))
        {
            Assert.True(p.allclose(q, rtol: 1e-5, atol: 1e-6), "parameters diverged from torch.optim");
        }
    }

    private static nn.Module<Tensor, Tensor> Model()
    {
        lock (TorchRandom.Gate)
        {
            torch.manual_seed(7);
            return nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1));
        }
    }

    private sealed class TestOptions : TorchTrainerOptions
    {
    }
}
