using System;
using System.Collections.Generic;
using System.IO;
using GenAi.MLNet.Core.Native;
using Xunit;

namespace GenAi.MLNet.Tests.Core.Native;

/// <summary>
/// The safety net for oneDNN's AVX-512 convolutions (see ConvolutionSafety). Machines differ, so the
/// decision is tested on described CPUs, the real check on this CPU, and each outcome by forcing it in a
/// fresh process (the decision is made once, before libtorch loads).
/// </summary>
[Collection(TorchCollection.Name)]
public class ConvolutionSafetyTests
{
    private static readonly CpuInfo Zen5 = Cpu("AuthenticAMD", 26, 2, "AMD EPYC 9R45", "avx2 avx512f avx512bw avx512_bf16 avx512_vnni avx512_vp2intersect");
    private static readonly CpuInfo Zen4 = Cpu("AuthenticAMD", 25, 17, "AMD EPYC 9R14", "avx2 avx512f avx512bw avx512_bf16 avx512_vnni");
    private static readonly CpuInfo Zen3 = Cpu("AuthenticAMD", 25, 1, "AMD EPYC", "avx2 fma");
    private static readonly CpuInfo IceLake = Cpu("GenuineIntel", 6, 106, "Intel(R) Xeon(R) Platinum 8375C", "avx2 avx512f avx512bw avx512_vnni");

    [Fact]
    public void Zen5_is_capped_at_AVX2_before_libtorch_loads()
    {
        var plan = ConvolutionSafety.Decide(Zen5, userIsa: null, ConvolutionCheckMode.Auto, cachedVerdictPassed: null);
        Assert.True(plan.CapIsa);
        Assert.False(plan.RunSelfCheck);
        Assert.Contains("family 26", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_AVX512_CPUs_are_self_checked_once_and_then_follow_the_cached_verdict()
    {
        foreach (var cpu in new[] { Zen4, IceLake })
        {
            Assert.Equal((false, true), Flags(ConvolutionSafety.Decide(cpu, null, ConvolutionCheckMode.Auto, null)));
            Assert.Equal((false, false), Flags(ConvolutionSafety.Decide(cpu, null, ConvolutionCheckMode.Auto, cachedVerdictPassed: true)));
            Assert.Equal((true, false), Flags(ConvolutionSafety.Decide(cpu, null, ConvolutionCheckMode.Auto, cachedVerdictPassed: false)));
        }
    }

    [Fact]
    public void CPUs_without_AVX512_and_users_own_settings_are_left_alone()
    {
        Assert.Equal((false, false), Flags(ConvolutionSafety.Decide(Zen3, null, ConvolutionCheckMode.Auto, null)));
        Assert.Equal((false, false), Flags(ConvolutionSafety.Decide(Zen5, "AVX512_CORE", ConvolutionCheckMode.Auto, null)));
        Assert.Equal((false, false), Flags(ConvolutionSafety.Decide(Zen5, null, ConvolutionCheckMode.Off, null)));
        Assert.Equal(ConvolutionCheckMode.ForceFail, ConvolutionSafety.ParseMode("force-fail"));
        Assert.Equal(ConvolutionCheckMode.Off, ConvolutionSafety.ParseMode("off"));
    }

    [Fact]
    public void The_self_check_passes_on_this_machine()
    {
        GenerativeRuntime.EnsureLoaded();
        var (passed, detail) = ConvolutionSafety.RunSelfCheck();
        Assert.True(passed, detail);
        Assert.True(LibTorchContext.Available, "libtorch's context switches are reachable");
        Assert.True(LibTorchContext.MkldnnEnabled, "the check leaves oneDNN as it found it");
    }

    [Fact]
    public void A_failed_check_routes_convolutions_off_oneDNN_now_and_caps_the_ISA_in_later_processes()
    {
        var cache = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cache);
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache, [ConvolutionSafety.ModeVariable] = "force-fail" };

        // First process: the check "fails" at the first model; convolutions then run without oneDNN and
        // training stays deterministic.
        var first = ProcessEntry.Run(environment, "status", "train-conv");
        Assert.Contains("mkldnn-after=False", first, StringComparison.Ordinal);
        Assert.Contains("conv-deterministic=True", first, StringComparison.Ordinal);
        Assert.Contains("self-check FAILED", first, StringComparison.Ordinal);

        // A later process on the same machine (no forcing): the cached verdict caps oneDNN before libtorch loads.
        environment.Remove(ConvolutionSafety.ModeVariable);
        var later = ProcessEntry.Run(environment, "status", "train-conv");
        Assert.Contains("isa=AVX2", later, StringComparison.Ordinal);
        Assert.Contains("earlier self-check on this CPU failed", later, StringComparison.Ordinal);
        Assert.Contains("conv-deterministic=True", later, StringComparison.Ordinal);
    }

    [Fact]
    public void A_passed_check_keeps_oneDNN()
    {
        var cache = Path.Combine(Path.GetTempPath(), "genai-mlnet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(cache);
        var output = ProcessEntry.Run(new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache, [ConvolutionSafety.ModeVariable] = "force-pass" }, "status", "train-conv");
        Assert.Contains("mkldnn-after=True", output, StringComparison.Ordinal);
        Assert.Contains("self-check passed", output, StringComparison.Ordinal);
        Assert.Contains("isa=\n", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static (bool, bool) Flags(ConvolutionPlan plan) => (plan.CapIsa, plan.RunSelfCheck);

    private static CpuInfo Cpu(string vendor, int family, int model, string name, string flags)
        => CpuInfo.Parse($"processor\t: 0\nvendor_id\t: {vendor}\ncpu family\t: {family}\nmodel\t\t: {model}\nmodel name\t: {name}\nflags\t\t: fpu sse sse2 {flags}\n\nprocessor\t: 1\n");
}
