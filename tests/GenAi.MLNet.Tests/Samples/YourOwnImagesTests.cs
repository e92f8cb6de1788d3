using System;
using System.Diagnostics;
using System.IO;
using GenAi.MLNet.Tests.Notebooks;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Samples;

/// <summary>
/// Runs samples/YourOwnImages, a console app on the public API only: it builds a 20x20 image set, trains the
/// image classifier and a conditional DCGAN on it and checks the class-aware metrics itself (exit code 0).
/// </summary>
[Collection(TorchCollection.Name)]
public class YourOwnImagesTests(ITestOutputHelper output)
{
    [Fact]
    [Trait(TorchCollection.ThreadsTrait, TorchCollection.DefaultThreads)]
    public async System.Threading.Tasks.Task The_public_API_trains_and_judges_models_on_a_non_28x28_image_set()
    {
        var dll = Path.Combine(NotebookTests.RepoRoot, "samples", "YourOwnImages", "bin", "Release", "net10.0", "linux-x64", "YourOwnImages.dll");
        Assert.True(File.Exists(dll), $"{dll} is built with the solution (dotnet test GenAi.MLNet.sln -c Release).");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NotebookTests.RepoRoot };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--quick");
        using var process = Process.Start(info)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stdout = await stdoutTask;
        output.WriteLine(stdout);
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("All checks passed.", stdout, StringComparison.Ordinal);
    }
}
