using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Core;

/// <summary>
/// Scalars that live as long as the process, and tensor arithmetic with numbers that holds its scalar for the call.
/// </summary>
/// <remarks>
/// TorchSharp turns a number into a native <see cref="Scalar"/> behind every <c>tensor + tensor</c> (alpha 1),
/// <c>tensor * 0.5</c> or <c>masked_fill(mask, -∞)</c>, reads its handle and leaves the object to the finalizer;
/// nothing keeps it alive during the native call, so a garbage collection started by another thread can free the
/// scalar while libtorch reads it ("Expected false to be true" from <c>Scalar::toFloat</c>, seen once in a notebook's
/// text generation; TorchSharp pull requests #1434 and #1496 are about these implicit scalars). A scalar held in a
/// static field or a <c>using</c> variable cannot be collected mid-call. The methods below do what the operators do
/// (the same libtorch calls, so the same numbers) with their scalars held; <c>eng/scalar-sites.cs</c> lists the
/// places that still use the operators.
/// </remarks>
internal static class TorchScalars
{
    /// <summary>1, the alpha of a plain addition.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>Negative infinity, the fill of masked attention scores.</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary><c>a + b</c> for a number <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.add(s, One);
    }

    /// <summary><c>a + b</c> for a whole number <paramref name="b"/> (keeps integer tensors integer).</summary>
    public static Tensor Plus(this Tensor a, long b)
    {
        using var s = b.ToScalar();
        return a.add(s, One);
    }

    /// <summary><c>a - b</c> for a number <paramref name="b"/>.</summary>
    public static Tensor Minus(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.sub(s);
    }

    /// <summary><c>b - a</c> for a number <paramref name="b"/> (as TorchSharp's operator computes it: −a + b).</summary>
    public static Tensor SubtractedFrom(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.negative().add(s, One);
    }

    /// <summary><c>a - b</c> for a whole number <paramref name="b"/> (keeps integer tensors integer).</summary>
    public static Tensor Minus(this Tensor a, long b)
    {
        using var s = b.ToScalar();
        return a.sub(s);
    }

    /// <summary><c>a * b</c> for a number <paramref name="b"/>.</summary>
    public static Tensor Times(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.mul(s);
    }

    /// <summary><c>a * b</c> for a whole number <paramref name="b"/> (keeps integer tensors integer).</summary>
    public static Tensor Times(this Tensor a, long b)
    {
        using var s = b.ToScalar();
        return a.mul(s);
    }

    /// <summary><c>a / b</c> for a number <paramref name="b"/>.</summary>
    public static Tensor Over(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.div(s);
    }

    /// <summary><c>a.clamp_min(min)</c>.</summary>
    public static Tensor ClampMin(this Tensor a, double min)
    {
        using var s = min.ToScalar();
        return a.clamp_min(s);
    }

    /// <summary><c>a.clamp(min, max)</c>.</summary>
    public static Tensor Clamp(this Tensor a, double min, double max)
    {
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        return a.clamp(low, high);
    }

    /// <summary><c>a.square()</c>, which TorchSharp computes as <c>pow(2)</c> with an implicit scalar.</summary>
    public static Tensor Squared(this Tensor a)
    {
        using var two = 2.ToScalar();
        return a.pow(two);
    }

    /// <summary><c>a.clamp_min(min)</c> for a whole number (keeps integer tensors integer).</summary>
    public static Tensor ClampMin(this Tensor a, long min)
    {
        using var s = min.ToScalar();
        return a.clamp_min(s);
    }

    /// <summary><c>a.lt(b)</c>.</summary>
    public static Tensor LessThan(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.lt(s);
    }

    /// <summary><c>a.ge(b)</c>.</summary>
    public static Tensor AtLeast(this Tensor a, double b)
    {
        using var s = b.ToScalar();
        return a.ge(s);
    }

    /// <summary><c>a.masked_fill(mask, value)</c> for a whole number.</summary>
    public static Tensor MaskedFill(this Tensor a, Tensor mask, long value)
    {
        using var s = value.ToScalar();
        return a.masked_fill(mask, s);
    }

    /// <summary><c>full(count, value)</c> of 64-bit integers on <paramref name="device"/>.</summary>
    public static Tensor Filled(long count, long value, Device device)
    {
        using var s = value.ToScalar();
        return full(count, s, dtype: ScalarType.Int64, device: device);
    }

    /// <summary><c>a.clamp_max(max)</c> for a whole number (keeps integer tensors integer).</summary>
    public static Tensor ClampMax(this Tensor a, long max)
    {
        using var s = max.ToScalar();
        return a.clamp_max(s);
    }

    /// <summary><c>a.clamp(min, max)</c> for whole numbers (keeps integer tensors integer).</summary>
    public static Tensor Clamp(this Tensor a, long min, long max)
    {
        using var low = min.ToScalar();
        using var high = max.ToScalar();
        return a.clamp(low, high);
    }
}
