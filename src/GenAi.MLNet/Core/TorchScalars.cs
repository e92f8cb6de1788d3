using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>
/// Scalars that live as long as the process, for the operations run thousands of times per generated text.
/// </summary>
/// <remarks>
/// TorchSharp turns a number into a native <see cref="Scalar"/> behind every <c>tensor + tensor</c> (alpha 1),
/// <c>tensor * 0.5</c> or <c>masked_fill(mask, -∞)</c>, reads its handle and leaves the object to the finalizer;
/// nothing keeps it alive during the native call, so a garbage collection started by another thread can free the
/// scalar while libtorch reads it ("Expected false to be true" from <c>Scalar::toFloat</c>, seen once in a notebook's
/// text generation; TorchSharp pull requests #1434 and #1496 are about these implicit scalars). A scalar held in a
/// static field or a <c>using</c> variable cannot be collected mid-call.
/// </remarks>
internal static class TorchScalars
{
    /// <summary>1, the alpha of a plain addition.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>Negative infinity, the fill of masked attention scores.</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
}
