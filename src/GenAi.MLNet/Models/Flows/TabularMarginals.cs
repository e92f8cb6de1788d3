using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Flows;

/// <summary>
/// What a flow needs to know about each value of a table before its couplings see it, learned from the training
/// rows and kept as buffers (saved with the weights): which values are whole numbers (dequantised as k + u,
/// u ~ U[0, 1), and floored back when sampling), which are non-negative and strongly right-skewed (modelled as
/// log(1 + x), an exact change of variables), and each value's range (samples are clamped to it).
/// </summary>
internal sealed class TabularMarginals : Module<Tensor, (Tensor U, Tensor LogDet)>
{
    private readonly Tensor whole;   // (D): 1 where every training value is a whole number
    private readonly Tensor logged;  // (D): 1 where the value is modelled as log(1 + x)
    private readonly Tensor low;     // (D): the smallest training value
    private readonly Tensor high;    // (D): the largest

    public TabularMarginals(int size)
        : base(nameof(TabularMarginals))
    {
        whole = zeros(size);
        logged = zeros(size);
        low = zeros(size);
        high = zeros(size);
        register_buffer(nameof(whole), whole);
        register_buffer(nameof(logged), logged);
        register_buffer(nameof(low), low);
        register_buffer(nameof(high), high);
        RegisterComponents();
    }

    /// <summary>The mask of whole-number values, (D).</summary>
    public Tensor WholeMask => whole;

    /// <summary>The indices of the values dequantised as whole numbers.</summary>
    public int[] WholeValues => Indices(whole);

    /// <summary>The indices of the values modelled as log(1 + x).</summary>
    public int[] LoggedValues => Indices(logged);

    /// <summary>Whether any value is a whole number (then log-likelihoods average over dequantisation draws).</summary>
    public bool AnyWhole => whole.sum().item<float>() > 0;

    /// <summary>x (B, D) → u (B, D) with log(1 + x) on the skewed values, and the log-determinant (B).</summary>
    public override (Tensor U, Tensor LogDet) forward(Tensor x)
    {
        var lifted = (x * logged).ClampMin(0).log1p();                                       // (B, D): 0 where not logged
        var u = (x * logged.SubtractedFrom(1)).Plus(lifted * logged);                                      // (B, D)
        return (u, -(lifted * logged).sum(1));                                               // d log(1 + x)/dx = 1 / (1 + x)
    }

    /// <summary>u (B, D) → x (B, D): exp(u) − 1 on the skewed values, the inverse of <see cref="forward"/>.</summary>
    public Tensor Inverse(Tensor u) => (u * logged.SubtractedFrom(1)).Plus(u.ClampMax(80).expm1() * logged);   // (B, D); exp(80) is beyond float range anyway

    /// <summary>Samples back onto the data: whole-number values floored (k + u → k), optionally every value clamped to the training range.</summary>
    public Tensor Restrict(Tensor x, bool clamp)
    {
        x = (x.floor() * whole).Plus(x * whole.SubtractedFrom(1));                                          // (B, D)
        return clamp ? torch.maximum(torch.minimum(x, high), low) : x;
    }

    /// <summary>Dequantises the whole-number values: x + u · mask, u (B, D) or (K, 1, D) broadcast.</summary>
    public Tensor Dequantize(Tensor x, Tensor u) => x.Plus(u * whole);

    /// <summary>Dequantises the whole-number values by one offset: x + u · mask.</summary>
    public Tensor Dequantize(Tensor x, float u) => x.Plus(whole.Times(u));

    /// <summary>Sets the profile from the training rows' per-value statistics.</summary>
    public void Set(ValueProfile profile, bool dequantizeWhole, double? logSkewness)
    {
        using var noGrad = no_grad();
        var d = profile.Min.Length;
        whole.copy_(tensor(Enumerable.Range(0, d).Select(i => dequantizeWhole && profile.Whole[i] ? 1f : 0f).ToArray()));
        logged.copy_(tensor(Enumerable.Range(0, d).Select(i => logSkewness is { } s && profile.Min[i] >= 0 && profile.Skewness[i] > s ? 1f : 0f).ToArray()));
        low.copy_(tensor(profile.Min));
        high.copy_(tensor(profile.Max));
    }

    private static int[] Indices(Tensor mask)
    {
        var values = new float[mask.shape[0]];
        TensorIO.CopyTo(mask, values);
        return Enumerable.Range(0, values.Length).Where(i => values[i] > 0).ToArray();
    }
}
