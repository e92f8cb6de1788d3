using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Layers;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Core;

/// <summary>
/// The held-scalar arithmetic and layers compute exactly what TorchSharp's operators and modules compute: the same
/// libtorch calls, so equal to the bit and of the same type.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TorchScalarsTests
{
    private static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "values differ");
    }

    [Fact]
    public void Arithmetic_equals_the_operators_to_the_bit_and_keeps_the_type()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var a = randn([5, 3], generator: generator);
        var b = randn([5, 3], generator: generator);
        var whole = randint(-5, 5, [5, 3], generator: generator);                     // int64
        var mask = a.gt(b);

        Same(a + b, a.Plus(b));
        Same(a + 0.25, a.Plus(0.25));
        Same(whole + 2, whole.Plus(2));
        Same(a - 0.25, a.Minus(0.25));
        Same(whole - 2, whole.Minus(2));
        Same(1 - a, a.SubtractedFrom(1));
        Same(a * 0.5, a.Times(0.5));
        Same(whole * 3, whole.Times(3));
        Same(a / 3.0, a.Over(3));
        Same(a.square(), a.Squared());
        Same(whole.square(), whole.Squared());
        Same(a.clamp(-0.5, 0.5), a.Clamp(-0.5, 0.5));
        Same(whole.clamp(-1, 1), whole.Clamp(-1, 1));
        Same(a.clamp_min(0.1), a.ClampMin(0.1));
        Same(whole.clamp_min(0), whole.ClampMin(0));
        Same(whole.clamp_max(2), whole.ClampMax(2));
        Same(a.lt(0.3), a.LessThan(0.3));
        Same(a.ge(0.3), a.AtLeast(0.3));
        Same(whole.masked_fill(mask, -100), whole.MaskedFill(mask, -100));
        Same(full(4, 9, dtype: ScalarType.Int64), TorchScalars.Filled(4, 9, CPU));
    }

    [Fact]
    public void The_held_layers_equal_torchsharps_and_keep_its_state_names()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var x = randn([8, 6], generator: generator);
        var images = randn([4, 3, 5, 5], generator: generator);
        Same(nn.LeakyReLU(0.2).call(x), new HeldLeakyRelu(0.2).call(x));

        foreach (var (theirs, ours, input) in new (nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, Tensor)[]
        {
            (nn.BatchNorm1d(6), new HeldBatchNorm(6, 1), x),
            (nn.BatchNorm2d(3), new HeldBatchNorm(3, 2), images),
        })
        {
            Assert.Equal(theirs.state_dict().Keys.ToArray(), ours.state_dict().Keys.ToArray());
            for (var step = 0; step < 3; step++)
            {
                Same(theirs.call(input * (step + 1)), ours.call(input * (step + 1)));          // training: batch statistics, running averages
            }

            foreach (var (key, value) in theirs.state_dict())
            {
                Same(value, ours.state_dict()[key]);                                           // the same running statistics and count
            }

            theirs.eval();
            ours.eval();
            Same(theirs.call(input), ours.call(input));
        }
    }
}
