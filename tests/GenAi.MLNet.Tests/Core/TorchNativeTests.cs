using GenAi.MLNet.Core;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GenAi.MLNet.Tests.Core;

[Collection(TorchCollection.Name)]
public class TorchNativeTests
{
    [Fact]
    public void Tensor_op_and_optimizer_step_run()
    {
        TorchNative.EnsureLoaded();
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
    public void EnsureLoaded_is_idempotent_and_reports_status()
    {
        TorchNative.EnsureLoaded();
        TorchNative.EnsureLoaded();
        Assert.StartsWith("loaded", TorchNative.Status, System.StringComparison.Ordinal);
    }

    [Fact]
    public void The_MKL_vendor_shim_is_embedded_and_loaded_on_AMD_CPUs_only()
    {
        TorchNative.EnsureLoaded();
        using var resource = typeof(TorchNative).Assembly.GetManifestResourceStream("GenAi.MLNet.Native.libgenai_mkl_vendor_shim.so");
        Assert.NotNull(resource);
        var amd = System.IO.File.ReadAllText("/proc/cpuinfo").Contains("AuthenticAMD", System.StringComparison.Ordinal);
        var disabled = System.Environment.GetEnvironmentVariable(TorchNative.MklVendorShimVariable) == "0";
        Assert.Equal(amd && !disabled, TorchNative.MklVendorShimLoaded);
    }
}
