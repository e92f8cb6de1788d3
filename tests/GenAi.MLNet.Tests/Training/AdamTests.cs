using System.Linq;
using GenAi.MLNet.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Training;

[Collection(TorchCollection.Name)]
public class AdamTests
{
    [Fact]
    public void Matches_TorchSharp_Adam_step_for_step()
    {
        TorchNative.EnsureLoaded();
        var (a, b) = (Model(), Model());
        using var ours = new GenAi.MLNet.Training.Adam(a.parameters(), 1e-2);
        using var reference = optim.Adam(b.parameters(), 1e-2);
        var x = randn(new long[] { 64, 5 }, generator: new torch.Generator(2));
        var y = x.sum(1, keepdim: true).sin();
        for (var step = 0; step < 50; step++)
        {
            using var scope = NewDisposeScope();
            ours.ZeroGrad();
            nn.functional.mse_loss(a.call(x), y).backward();
            ours.Step();
            reference.zero_grad();
            nn.functional.mse_loss(b.call(x), y).backward();
            reference.step();
        }

        foreach (var (p, q) in a.parameters().Zip(b.parameters()))
        {
            Assert.True(p.allclose(q, rtol: 1e-5, atol: 1e-6), "parameters diverged from torch.optim.Adam");
        }

        Assert.Equal(50, ours.StepCount);
    }

    private static nn.Module<Tensor, Tensor> Model()
    {
        lock (TorchRandom.Gate)
        {
            torch.manual_seed(7);
            return nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1));
        }
    }
}
