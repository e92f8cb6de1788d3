namespace GenAi.MLNet.Core.Native;

/// <summary>
/// libtorch's CPU kernels run on GNU OpenMP (libgomp), whose idle threads spin for 300,000 iterations
/// before they sleep. When another busy process (or a second training) shares the cores, a spinning thread
/// holds a core that the thread it waits for needs. Measured on this project's 2-core machine (details and
/// the command in benchmarks/results/threads.md): two small MLP GAN trainings side by side ran 19x slower
/// each than alone, and DCGAN 5x. libgomp's own "throttled" spin of 1,000 iterations (what it uses when
/// threads outnumber cores) keeps quiet-machine speed within a few percent and brings the side-by-side
/// slowdown down to what sharing two cores costs; sleeping at once (<c>OMP_WAIT_POLICY=PASSIVE</c>) is as
/// good when loaded but halves the speed of small models on a quiet machine.
/// </summary>
/// <remarks>
/// libgomp reads the variable once, when it is loaded with libtorch, so it is set (through
/// <see cref="NativeEnvironment"/>) before libtorch loads. A user's own <c>OMP_WAIT_POLICY</c> or
/// <c>GOMP_SPINCOUNT</c> is kept.
/// </remarks>
internal static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";
    public const string SpinCountVariable = "GOMP_SPINCOUNT";

    /// <summary>The spin count set by default (libgomp's throttled value).</summary>
    public const string SpinCount = "1000";

    /// <summary>Sets the short spin unless the user chose a policy; returns a note for the status.</summary>
    public static string Apply()
    {
        var policy = NativeEnvironment.Get(Variable);
        var spin = NativeEnvironment.Get(SpinCountVariable);
        if (!string.IsNullOrEmpty(policy) || !string.IsNullOrEmpty(spin))
        {
            return $"OpenMP wait policy left as set: {Variable}={policy ?? ""} {SpinCountVariable}={spin ?? ""}".TrimEnd();
        }

        NativeEnvironment.Set(SpinCountVariable, SpinCount);
        return $"OpenMP idle threads spin briefly, then sleep ({SpinCountVariable}={SpinCount})";
    }
}
