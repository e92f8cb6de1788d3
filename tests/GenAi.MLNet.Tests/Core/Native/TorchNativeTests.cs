using System.IO;
using GenAi.MLNet.Core.Native;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Core.Native;

[Collection(TorchCollection.Name)]
public class TorchNativeTests
{
    [Fact]
    public void Tensor_op_and_optimizer_step_run()
    {
        GenerativeRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = ones(2, 3);
        var b = a.matmul(ones(3, 2) * 2);
        Assert.Equal(6f, b[0, 0].item<float>());

        var layer = nn.Linear(3, 1);
        var optimizer = optim.SGD(layer.parameters(), 0.1);
        var x = randn(8, 3);
        var y = x.sum(1, keepdim: true);
        var before = nn.functional.mse_loss(layer.call(x), y).item<float>();
        for (var i = 0; i < 50; i++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(layer.call(x), y);
            loss.backward();
            optimizer.step();
        }

        var after = nn.functional.mse_loss(layer.call(x), y).item<float>();
        Assert.True(after < before * 0.1, $"loss should fall by 10x: before {before}, after {after}");
    }

    [Fact]
    public void EnsureLoaded_is_idempotent_and_reports_every_step()
    {
        GenerativeRuntime.EnsureLoaded();
        GenerativeRuntime.EnsureLoaded();
        Assert.StartsWith("loaded", TorchNative.LoadStatus, System.StringComparison.Ordinal);
        var status = GenerativeRuntime.Status;
        Assert.Contains("OpenMP", status, System.StringComparison.Ordinal);
        Assert.Contains("convolution safety", status, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_MKL_vendor_shim_is_embedded_and_loaded_on_AMD_CPUs_only()
    {
        GenerativeRuntime.EnsureLoaded();
        Assert.True(MklVendorShim.Embedded);
        var amd = File.ReadAllText("/proc/cpuinfo").Contains("AuthenticAMD", System.StringComparison.Ordinal);
        var disabled = System.Environment.GetEnvironmentVariable(MklVendorShim.Variable) == "0";
        Assert.Equal(amd && !disabled, MklVendorShim.Loaded);
    }

    [Fact]
    public void OpenMP_idle_threads_spin_briefly_unless_the_user_chose_a_policy()
    {
        // This process: set by the library before libtorch loaded (the test runner sets no policy).
        GenerativeRuntime.EnsureLoaded();
        if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("OMP_WAIT_POLICY")))
        {
            Assert.Equal(OpenMpWaitPolicy.SpinCount, NativeEnvironment.Get(OpenMpWaitPolicy.SpinCountVariable));
        }

        // A fresh process with the user's own choice keeps it.
        var kept = ProcessEntry.Run(new System.Collections.Generic.Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "ACTIVE" }, "status");
        Assert.Contains("omp=ACTIVE", kept, System.StringComparison.Ordinal);
        Assert.Contains("left as set", kept, System.StringComparison.Ordinal);
    }
}
