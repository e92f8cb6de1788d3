using GenAi.MLNet.Core;
using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenAi.MLNet.Models.Flows;

/// <summary>
/// RealNVP (Dinh, Sohl-Dickstein and Bengio 2017): an invertible map z = f(x) built from affine coupling
/// layers, trained by exact maximum likelihood with the change-of-variables formula
/// log p(x) = log N(f(x); 0, I) + log |det ∂f/∂x|. Each coupling layer keeps the values under its mask and
/// scales and shifts the others by functions of the kept ones — a triangular Jacobian whose log-determinant
/// is the sum of the log-scales. Consecutive layers swap the mask (a checkerboard for images, alternate values
/// otherwise), so every value is transformed. Values are first standardised by the training rows' moments; a
/// table's strongly right-skewed non-negative values are modelled as log(1 + x) before that.
/// </summary>
public sealed class RealNvpNetwork : Module<Tensor, (Tensor Z, Tensor LogDet)>
{
    private readonly ModuleList<AffineCoupling> couplings;
    private readonly TabularMarginals marginals;        // whole numbers, skewed values and ranges of a table
    private readonly Standardization standardization;   // the training rows' moments

    /// <summary>The α of the logit transform logit(α + (1 − 2α) x).</summary>
    internal const double LogitAlpha = 0.05;

    private readonly bool _logit;

    internal RealNvpNetwork(VectorShape shape, int layers, int[] hiddenSizes, bool logit)
        : base(nameof(RealNvpNetwork))
    {
        Dimension = shape.Size;
        _logit = logit;
        var mask = Mask(shape);                                                                  // (D): 1 = kept by the first layer
        couplings = new ModuleList<AffineCoupling>(Enumerable.Range(0, layers)
            .Select(k => new AffineCoupling($"coupling{k}", k % 2 == 0 ? mask : mask.SubtractedFrom(1), hiddenSizes)).ToArray());
        marginals = new TabularMarginals(Dimension);
        standardization = new Standardization(Dimension);
        RegisterComponents();
    }

    /// <summary>The number of values D.</summary>
    public int Dimension { get; }

    /// <summary>x (B, D) → z (B, D) and log |det ∂z/∂x| (B), the standardisation included.</summary>
    public override (Tensor Z, Tensor LogDet) forward(Tensor x)
    {
        var (u, logDet) = Prepare(x);                                                            // (B, D), (B)
        var z = standardization.call(u);                                                         // (B, D)
        logDet = logDet - standardization.LogScale();                                            // (B)
        foreach (var coupling in couplings)
        {
            var (y, ld) = coupling.call(z);                                                      // (B, D), (B)
            z = y;
            logDet = logDet.Plus(ld);
        }

        return (z, logDet);
    }

    /// <summary>log p(x) = log N(z; 0, I) + log |det|: (B, D) → (B), nats.</summary>
    public Tensor LogLikelihood(Tensor x)
    {
        var (z, logDet) = forward(x);
        var logNormal = z.Squared().sum(1).Times(-0.5).Minus(0.5 * Dimension * Math.Log(2 * Math.PI));  // (B)
        return logNormal.Plus(logDet);
    }

    /// <summary>x = f⁻¹(z): (B, D) → (B, D), the layers undone in reverse order.</summary>
    public Tensor Inverse(Tensor z)
    {
        for (var k = couplings.Count - 1; k >= 0; k--)
        {
            z = couplings[k].Inverse(z);                                                         // (B, D)
        }

        var u = standardization.Inverse(z);                                                      // (B, D)
        return _logit ? u.sigmoid().Minus(LogitAlpha).Over(1 - (2 * LogitAlpha)) : marginals.Inverse(u);
    }

    /// <summary>The per-value profile of a table (whole numbers, log-scaled values, ranges); identity for images.</summary>
    internal TabularMarginals Marginals => marginals;

    /// <summary>What the standardisation sees: log(1 + x) on a table's skewed values, or the logit of an image: (B, D) → (B, D), (B).</summary>
    internal (Tensor U, Tensor LogDet) Prepare(Tensor x)
    {
        var (m, tabular) = marginals.call(x);                                                    // (B, D), (B)
        var (u, logit) = Logit(m);                                                               // (B, D), (B)
        return (u, tabular.Plus(logit));
    }

    /// <summary>The logit transform (if on) and its log-determinant: (B, D) → (B, D), (B).</summary>
    internal (Tensor U, Tensor LogDet) Logit(Tensor x)
    {
        if (!_logit)
        {
            return (x, zeros(x.shape[0], device: x.device));
        }

        var p = x.Times(1 - (2 * LogitAlpha)).Plus(LogitAlpha);                                      // (B, D) in (α, 1 − α)
        var u = p.log() - p.SubtractedFrom(1).log();                                                         // (B, D)
        var logDet = (p.log().SubtractedFrom(Math.Log(1 - (2 * LogitAlpha))) - p.SubtractedFrom(1).log()).sum(1);        // (B): Σ log |du/dx|
        return (u, logDet);
    }

    /// <summary>Sets the standardisation to the training rows' moments (a zero deviation counts as 1).</summary>
    internal void SetMoments(float[] means, float[] deviations) => standardization.Set(means, deviations);

    /// <summary>1 for the values the first coupling keeps: a checkerboard over the last two dimensions of an image, else every other value.</summary>
    private static Tensor Mask(VectorShape shape)
    {
        var d = shape.Dimensions;
        var values = new float[shape.Size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = d.Length >= 2 ? (((i / d[^1]) % d[^2]) + (i % d[^1])) % 2 : i % 2;
        }

        return tensor(values);
    }

    /// <summary>
    /// y_kept = x_kept; y_other = x_other · exp(s(x_kept)) + t(x_kept), with s = a · tanh(·) (a learned per value)
    /// to keep early scales tame. The last layer of the MLP starts at zero: each coupling starts as the identity.
    /// </summary>
    private sealed class AffineCoupling : Module<Tensor, (Tensor Y, Tensor LogDet)>
    {
        private readonly Tensor mask;         // (D)
        private readonly Sequential net;      // (B, D) → (B, 2D)
        private readonly Parameter log_scale_factor;   // (D): a = exp(·)

        public AffineCoupling(string name, Tensor mask, int[] hidden)
            : base(name)
        {
            var d = (int)mask.shape[0];
            this.mask = mask.clone();
            register_buffer(nameof(this.mask), this.mask);
            var layers = new List<Module<Tensor, Tensor>>();
            var width = d;
            foreach (var h in hidden)
            {
                layers.Add(Linear(width, h));
                layers.Add(ReLU());
                width = h;
            }

            var last = Linear(width, 2 * d);
            using (no_grad())
            {
                last.weight.zero_();
                last.bias!.zero_();
            }

            layers.Add(last);
            net = Sequential(layers);
            log_scale_factor = Parameter(zeros(d));
            RegisterComponents();
        }

        public override (Tensor Y, Tensor LogDet) forward(Tensor x)
        {
            var (s, t) = ScaleAndShift(x);                                                     // (B, D) each, 0 where kept
            return ((x * mask).Plus(mask.SubtractedFrom(1) * (x * s.exp()).Plus(t)), s.sum(1));               // (B, D), (B)
        }

        public Tensor Inverse(Tensor y)
        {
            var (s, t) = ScaleAndShift(y);                                                     // the kept values are the same in x and y
            return (y * mask).Plus(mask.SubtractedFrom(1) * ((y - t) * (-s).exp()));                         // (B, D)
        }

        private (Tensor S, Tensor T) ScaleAndShift(Tensor x)
        {
            var st = net.call(x * mask);                                                       // (B, 2D)
            var parts = st.chunk(2, 1);
            var s = log_scale_factor.exp() * parts[0].tanh() * mask.SubtractedFrom(1);                     // (B, D)
            var t = parts[1] * mask.SubtractedFrom(1);                                                     // (B, D)
            return (s, t);
        }
    }
}
