using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using GenAi.MLNet.Core.Persistence;

namespace GenAi.MLNet.Core.Native;

/// <summary>
/// Protects training from CPUs on which libtorch 2.10's oneDNN AVX-512 convolution kernels, run on
/// several threads, give NaN or run-to-run differences. Seen on AMD family 26 (Zen 5, AVX-512 with BF16,
/// VNNI and VP2INTERSECT): DCGAN losses became NaN at a random step and convolutional autoencoders
/// differed between two same-seed runs by up to 1e-2, while <c>ONEDNN_MAX_CPU_ISA=AVX2</c> fixed every case.
/// </summary>
/// <remarks>
/// <para>
/// oneDNN reads its ISA limit once, at its first use, so the limit must be set before libtorch loads.
/// Before that, <see cref="Prepare"/> decides from the CPU: a known-bad CPU (AMD family 26 or later with
/// AVX-512) or an earlier failed self-check on this CPU (a verdict cached per CPU and libtorch build)
/// caps oneDNN at AVX2. Other AVX-512 CPUs are checked once, before the first model is built
/// (<see cref="EnsureChecked"/>): a small convolution forward and backward pass on two threads, run three
/// times with oneDNN and once on libtorch's own kernels, must be finite, repeat bit for bit and agree
/// with the reference. If it fails, this process routes convolutions to libtorch's own kernels (oneDNN off)
/// and later processes cap the ISA before loading. CPUs without AVX-512 need nothing: oneDNN runs its
/// AVX2 kernels there.
/// </para>
/// <para>
/// A user's own <c>ONEDNN_MAX_CPU_ISA</c> (or <c>DNNL_MAX_CPU_ISA</c>) is left alone;
/// <c>GENAI_MLNET_CONV_CHECK=off</c> turns rule and check off.
/// </para>
/// </remarks>
internal static class ConvolutionSafety
{
    public const string ModeVariable = "GENAI_MLNET_CONV_CHECK";
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";
    public const string LegacyIsaVariable = "DNNL_MAX_CPU_ISA";
    public const string CappedIsa = "AVX2";
    private const int CheckVersion = 1;

    private static readonly object s_gate = new();
    private static ConvolutionPlan? s_plan;
    private static string? s_verdictPath;
    private static bool s_checked;

    /// <summary>The plan made before libtorch loaded (null before <see cref="Prepare"/>).</summary>
    public static ConvolutionPlan? CurrentPlan => s_plan;

    /// <summary>Result of the self-check in this process, or null when none ran.</summary>
    public static bool? SelfCheckPassed { get; private set; }

    /// <summary>True when this process routes convolutions to libtorch's own kernels (oneDNN off).</summary>
    public static bool RoutedToNativeKernels { get; private set; }

    /// <summary>What the safety net did, in words.</summary>
    public static string Status
    {
        get
        {
            var plan = s_plan;
            if (plan is null)
            {
                return "convolution safety: not prepared";
            }

            var text = "convolution safety: " + plan.Reason;
            if (SelfCheckPassed is { } passed)
            {
                text += passed
                    ? "; self-check passed"
                    : "; self-check FAILED: convolutions run on libtorch's own kernels in this process, and oneDNN is capped at AVX2 in later ones";
            }

            return text;
        }
    }

    /// <summary>The decision before libtorch loads (pure, unit-tested).</summary>
    /// <param name="cpu">The processor.</param>
    /// <param name="userIsa">The user's own ONEDNN_MAX_CPU_ISA / DNNL_MAX_CPU_ISA, if any.</param>
    /// <param name="mode">The check mode.</param>
    /// <param name="cachedVerdictPassed">An earlier self-check's verdict on this CPU, if any.</param>
    internal static ConvolutionPlan Decide(CpuInfo cpu, string? userIsa, ConvolutionCheckMode mode, bool? cachedVerdictPassed)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if (!string.IsNullOrEmpty(userIsa))
        {
            return new ConvolutionPlan(false, false, $"oneDNN ISA left as set ({IsaVariable}={userIsa})");
        }

        switch (mode)
        {
            case ConvolutionCheckMode.Off:
                return new ConvolutionPlan(false, false, $"off ({ModeVariable}=off)");
            case ConvolutionCheckMode.ForceFail:
                return new ConvolutionPlan(false, true, "self-check forced to fail (test mode)");
            case ConvolutionCheckMode.ForcePass:
                return new ConvolutionPlan(false, true, "self-check forced to pass (test mode)");
        }

        if (IsKnownBad(cpu))
        {
            return new ConvolutionPlan(true, false,
                $"AMD family {cpu.Family} with AVX-512 (Zen 5 or later): oneDNN capped at {CappedIsa} (its AVX-512 convolutions gave NaN and run-to-run differences on Zen 5)");
        }

        return cachedVerdictPassed switch
        {
            false => new ConvolutionPlan(true, false, $"an earlier self-check on this CPU failed: oneDNN capped at {CappedIsa}"),
            true => new ConvolutionPlan(false, false, "AVX-512 convolutions passed the self-check on this CPU earlier"),
            null when cpu.HasAvx512 => new ConvolutionPlan(false, true, "AVX-512 CPU: convolutions are self-checked before the first model"),
            _ => new ConvolutionPlan(false, false, "no AVX-512: oneDNN uses its AVX2 kernels, no check needed"),
        };
    }

    /// <summary>CPUs on which oneDNN's AVX-512 convolutions are known to fail: AMD family 26 (Zen 5) and later with AVX-512.</summary>
    internal static bool IsKnownBad(CpuInfo cpu) => cpu.IsAmd && cpu.Family >= 26 && cpu.HasAvx512;

    internal static ConvolutionCheckMode ParseMode(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "auto" => ConvolutionCheckMode.Auto,
        "off" or "0" => ConvolutionCheckMode.Off,
        "force-fail" => ConvolutionCheckMode.ForceFail,
        "force-pass" => ConvolutionCheckMode.ForcePass,
        _ => ConvolutionCheckMode.Auto,
    };

    /// <summary>Decides and, for a cap, sets oneDNN's ISA limit; call before libtorch loads.</summary>
    public static string Prepare(CpuInfo cpu, string libtorchIdentity)
    {
        lock (s_gate)
        {
            var userIsa = NativeEnvironment.Get(IsaVariable) ?? NativeEnvironment.Get(LegacyIsaVariable);
            var mode = ParseMode(Environment.GetEnvironmentVariable(ModeVariable));
            s_verdictPath = VerdictPath(cpu, libtorchIdentity);
            var plan = Decide(cpu, userIsa, mode, ReadVerdict(s_verdictPath));
            if (plan.CapIsa)
            {
                NativeEnvironment.Set(IsaVariable, CappedIsa);
            }

            s_plan = plan;
            return Status;
        }
    }

    /// <summary>
    /// Runs the self-check once, if the plan asks for one; on failure routes convolutions to libtorch's own
    /// kernels for this process and records the verdict for later ones. Cheap after the first call.
    /// </summary>
    public static void EnsureChecked()
    {
        if (s_checked)
        {
            return;
        }

        lock (s_gate)
        {
            if (s_checked)
            {
                return;
            }

            s_checked = true;
            var plan = s_plan;
            if (plan is null || !plan.RunSelfCheck)
            {
                return;
            }

            var mode = ParseMode(Environment.GetEnvironmentVariable(ModeVariable));
            var (passed, detail) = mode switch
            {
                ConvolutionCheckMode.ForceFail => (false, "forced"),
                ConvolutionCheckMode.ForcePass => (true, "forced"),
                _ => RunSelfCheck(),
            };
            SelfCheckPassed = passed;
            if (!passed)
            {
                RoutedToNativeKernels = LibTorchContext.SetMkldnnEnabled(false);
            }

            if (mode != ConvolutionCheckMode.ForcePass && s_verdictPath is not null)
            {
                WriteVerdict(s_verdictPath, passed, detail);
            }
        }
    }

    /// <summary>
    /// The check itself: two stride-2 convolutions and a transposed convolution (the DCGAN shapes), forward
    /// and backward, on at least two threads. oneDNN's results must be finite, identical over three runs
    /// and within 1e-3 (relative to the largest value) of libtorch's own kernels.
    /// </summary>
    internal static (bool Passed, string Detail) RunSelfCheck()
    {
        var threads = torch.get_num_threads();
        var mkldnn = LibTorchContext.MkldnnEnabled;
        try
        {
            if (threads < 2)
            {
                torch.set_num_threads(2);
            }

            using var scope = NewDisposeScope();
            using var generator = new torch.Generator(20261129);
            var x = randn([32, 1, 28, 28], generator: generator);                  // (B, 1, 28, 28)
            var w1 = randn([32, 1, 4, 4], generator: generator) * 0.2;             // conv 1 -> 32
            var w2 = randn([64, 32, 4, 4], generator: generator) * 0.05;           // conv 32 -> 64
            var wt = randn([64, 32, 4, 4], generator: generator) * 0.05;           // transposed conv 64 -> 32

            float[] Run()
            {
                using var inner = NewDisposeScope();
                var p1 = w1.detach().requires_grad_();
                var p2 = w2.detach().requires_grad_();
                var pt = wt.detach().requires_grad_();
                var h1 = functional.leaky_relu(functional.conv2d(x, p1, strides: [2, 2], padding: [1, 1]), 0.2); // (B, 32, 14, 14)
                var h2 = functional.conv2d(h1, p2, strides: [2, 2], padding: [1, 1]);                            // (B, 64, 7, 7)
                var y = functional.conv_transpose2d(h2, pt, strides: [2, 2], padding: [1, 1]);                    // (B, 32, 14, 14)
                var grads = torch.autograd.grad([y.Squared().mean()], [p1, p2, pt]);
                var all = cat([y.flatten(), .. grads.Select(g => g.flatten())]);
                return all.data<float>().ToArray();
            }

            float[]? reference = null;
            if (LibTorchContext.SetMkldnnEnabled(false))
            {
                reference = Run();
                LibTorchContext.SetMkldnnEnabled(true);
            }

            var runs = Enumerable.Range(0, 3).Select(_ => Run()).ToArray();
            foreach (var run in runs)
            {
                if (run.Any(v => !float.IsFinite(v)))
                {
                    return (false, "oneDNN convolutions gave NaN or infinity");
                }
            }

            for (var r = 1; r < runs.Length; r++)
            {
                if (!runs[r].AsSpan().SequenceEqual(runs[0]))
                {
                    return (false, $"oneDNN convolutions differed between run 1 and run {r + 1} (max |diff| {MaxDiff(runs[0], runs[r]):G3})");
                }
            }

            if (reference is not null)
            {
                var scale = reference.Max(Math.Abs);
                var diff = MaxDiff(reference, runs[0]);
                if (!(diff <= 1e-3 * Math.Max(scale, 1e-6)))
                {
                    return (false, $"oneDNN convolutions differ from libtorch's own kernels by {diff:G3} (largest value {scale:G3})");
                }
            }

            return (true, $"finite, repeatable{(reference is null ? "" : ", agrees with libtorch's own kernels")} on {Math.Max(threads, 2)} threads");
        }
        finally
        {
            if (mkldnn is { } enabled)
            {
                LibTorchContext.SetMkldnnEnabled(enabled);
            }

            if (threads < 2)
            {
                torch.set_num_threads(threads);
            }
        }
    }

    private static double MaxDiff(float[] a, float[] b)
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    private static string VerdictPath(CpuInfo cpu, string libtorchIdentity)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{cpu.Signature}|{libtorchIdentity}|{CheckVersion}")))[..16];
        return Path.Combine(CacheDirectory.Sub("cpu-checks"), key + ".txt");
    }

    private static bool? ReadVerdict(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var first = File.ReadLines(path).FirstOrDefault();
            return first switch { "pass" => true, "fail" => false, _ => null };
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteVerdict(string path, bool passed, string detail)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes($"{(passed ? "pass" : "fail")}\n{detail}\n{CpuInfo.Current.Signature}\n"));
        }
        catch (IOException)
        {
            // A read-only home folder: the check simply runs again next time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
