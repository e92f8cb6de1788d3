// One-token decoding steps of a Gpt with a KV cache, in managed code. A cached step of a small model is a few
// hundred thousand multiply-adds spread over ~90 tensor operations; through libtorch each operation costs
// microseconds of dispatch whatever its size, so the step is mostly overhead. Here the same arithmetic runs on
// spans (System.Numerics.Tensors' vectorised kernels) with no dispatch at all. It reads the Gpt's weights when
// decoding starts and reproduces Gpt.Feed's logits to float rounding (tested).
//
// Shapes: C width, H heads, D = C / H head size, V vocabulary, T_max context length.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Numerics.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace GenAi.MLNet.Models.Language;

/// <summary>A Gpt's decoding state (its weights and each layer's cached keys and values) as managed arrays.</summary>
internal sealed class GptDecoder : DecodingState
{
    private const float LayerNormEpsilon = 1e-5f;   // nn.LayerNorm's default

    private readonly int _width;        // C
    private readonly int _heads;        // H
    private readonly int _headSize;     // D
    private readonly int _context;      // T_max
    private readonly int _vocabulary;   // V
    private readonly float[] _tokenEmbedding;      // (V, C), also the output layer
    private readonly float[] _positionEmbedding;   // (T_max, C)
    private readonly Block[] _blocks;
    private readonly float[] _finalNormWeight;     // (C)
    private readonly float[] _finalNormBias;       // (C)

    // Working memory of one step.
    private readonly float[] _x;          // (C): the residual stream
    private readonly float[] _normed;     // (C)
    private readonly float[] _qkv;        // (3C)
    private readonly float[] _attended;   // (C): heads side by side
    private readonly float[] _scores;     // (T_max)
    private readonly float[] _hidden;     // (4C)
    private readonly float[] _scratch;    // (4C)
    private readonly float[] _delta;      // (C)
    private readonly float[] _geluT;      // (4C)
    private readonly float[] _geluPoly;   // (4C)

    private int _length;                  // tokens in the cache

    private readonly Gpt? _prefill;       // runs a fresh cache's prompt through libtorch in one batch

    public GptDecoder(GptConfig config, IReadOnlyDictionary<string, Tensor> parameters, Gpt? prefill = null)
    {
        _prefill = prefill;
        _width = config.Width;
        _heads = config.Heads;
        _headSize = config.Width / config.Heads;
        _context = config.ContextLength;
        _vocabulary = config.VocabularySize;
        float[] Read(string name)
        {
            using var values = parameters[name].detach();
            var array = new float[values.numel()];
            Core.TensorIO.CopyTo(values, array);                       // on the CPU, row-major
            return array;
        }

        float[] ReadOrZeros(string name, int size) => parameters.ContainsKey(name) ? Read(name) : new float[size];
        _tokenEmbedding = Read("wte.weight");
        _positionEmbedding = Read("wpe.weight");
        _blocks = Enumerable.Range(0, config.Layers).Select(i =>
        {
            var p = $"h.{i}.";
            return new Block(
                Read(p + "ln_1.weight"), Read(p + "ln_1.bias"),
                Read(p + "attn.c_attn.weight"), ReadOrZeros(p + "attn.c_attn.bias", 3 * _width),
                Read(p + "attn.c_proj.weight"), ReadOrZeros(p + "attn.c_proj.bias", _width),
                Read(p + "ln_2.weight"), Read(p + "ln_2.bias"),
                Read(p + "mlp.c_fc.weight"), ReadOrZeros(p + "mlp.c_fc.bias", 4 * _width),
                Read(p + "mlp.c_proj.weight"), ReadOrZeros(p + "mlp.c_proj.bias", _width),
                new float[_context * _width], new float[_context * _width]);
        }).ToArray();
        _finalNormWeight = Read("ln_f.weight");
        _finalNormBias = Read("ln_f.bias");
        _x = new float[_width];
        _normed = new float[_width];
        _qkv = new float[3 * _width];
        _attended = new float[_width];
        _scores = new float[_context];
        _hidden = new float[4 * _width];
        _scratch = new float[4 * _width];
        _delta = new float[_width];
        _geluT = new float[4 * _width];
        _geluPoly = new float[4 * _width];
    }

    /// <summary>
    /// Feeds tokens as <see cref="Gpt.Feed"/> does (<see cref="Gpt.NextFeed"/>: restarting from the last
    /// half-context when the cache would pass the context length) and returns the logits of the token after them, (V).
    /// </summary>
    public float[] Feed(long[] tokens)
    {
        var feed = Gpt.NextFeed(this, _length, tokens, _context, out var restart);
        if (restart)
        {
            _length = 0;
        }

        if (_length == 0 && feed.Length > 1 && _prefill is not null)
        {
            // A prompt or a restart: one batched pass through libtorch fills the cache (a matrix product reads each
            // weight once for all the tokens, where steps would read them once per token).
            var (prefilled, keys, values) = _prefill.Prefill(feed);
            for (var i = 0; i < _blocks.Length; i++)
            {
                keys[i].CopyTo(_blocks[i].Keys, 0);
                values[i].CopyTo(_blocks[i].Values, 0);
            }

            _length = feed.Length;
            return prefilled;
        }

        foreach (var token in feed)
        {
            Step(token);
        }

        // The tied output layer reads the final LayerNorm of the last token: logits = wte · ln_f(x), (V).
        LayerNorm(_x, _finalNormWeight, _finalNormBias, _normed);
        var logits = new float[_vocabulary];
        MatVec(_tokenEmbedding, null, _normed, logits);
        return logits;
    }

    /// <summary>One token at the next position through every block; its keys and values join the cache; the residual stream is left in <c>_x</c>.</summary>
    private void Step(long token)
    {
        if (token < 0 || token >= _vocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token id {token} is outside the vocabulary of {_vocabulary}.");
        }

        var c = _width;
        var position = _length;
        TensorPrimitives.Add(_tokenEmbedding.AsSpan((int)token * c, c), _positionEmbedding.AsSpan(position * c, c), _x);   // (C)
        var scale = 1f / MathF.Sqrt(_headSize);
        foreach (var block in _blocks)
        {
            // x = x + attn(ln_1(x))
            LayerNorm(_x, block.Norm1Weight, block.Norm1Bias, _normed);
            MatVec(block.AttentionWeight, block.AttentionBias, _normed, _qkv);                                   // (3C): q, k, v
            _qkv.AsSpan(c, c).CopyTo(block.Keys.AsSpan(position * c, c));                                         // cache k
            _qkv.AsSpan(2 * c, c).CopyTo(block.Values.AsSpan(position * c, c));                                   // cache v
            for (var head = 0; head < _heads; head++)
            {
                var offset = head * _headSize;
                var q = _qkv.AsSpan(offset, _headSize);                                                           // (D)
                var scores = _scores.AsSpan(0, position + 1);                                                     // (past + 1): every cached key
                for (var j = 0; j <= position; j++)
                {
                    scores[j] = TensorPrimitives.Dot(q, block.Keys.AsSpan((j * c) + offset, _headSize)) * scale;
                }

                TensorPrimitives.SoftMax(scores, scores);
                var y = _attended.AsSpan(offset, _headSize);                                                      // (D)
                y.Clear();
                for (var j = 0; j <= position; j++)
                {
                    TensorPrimitives.MultiplyAdd(block.Values.AsSpan((j * c) + offset, _headSize), scores[j], y, y);
                }
            }

            MatVec(block.ProjectionWeight, block.ProjectionBias, _attended, _delta);                              // (C)
            TensorPrimitives.Add(_x, _delta, _x);

            // x = x + mlp(ln_2(x))
            LayerNorm(_x, block.Norm2Weight, block.Norm2Bias, _normed);
            MatVec(block.FcWeight, block.FcBias, _normed, _hidden);                                               // (4C)
            Gelu(_hidden);
            MatVec(block.FcProjectionWeight, block.FcProjectionBias, _hidden, _delta);                            // (C)
            TensorPrimitives.Add(_x, _delta, _x);
        }

        _length++;
    }

    /// <summary>
    /// y = W x + b for a row-major W (out, in), as nn.Linear stores it: four rows at a time against the same chunk of
    /// x, in SIMD vectors (Vector&lt;float&gt;), so x is loaded once per four rows and the loop overhead is shared.
    /// </summary>
    private static void MatVec(float[] weight, float[]? bias, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        var width = Vector<float>.Count;
        var vectorEnd = n - (n % width);
        var w = weight.AsSpan();
        var o = 0;
        for (; o + 4 <= y.Length; o += 4)
        {
            var r0 = w.Slice(o * n, n);
            var r1 = w.Slice((o + 1) * n, n);
            var r2 = w.Slice((o + 2) * n, n);
            var r3 = w.Slice((o + 3) * n, n);
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (var i = 0; i < vectorEnd; i += width)
            {
                var xv = new Vector<float>(x.Slice(i, width));
                a0 += new Vector<float>(r0.Slice(i, width)) * xv;
                a1 += new Vector<float>(r1.Slice(i, width)) * xv;
                a2 += new Vector<float>(r2.Slice(i, width)) * xv;
                a3 += new Vector<float>(r3.Slice(i, width)) * xv;
            }

            float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (var i = vectorEnd; i < n; i++)
            {
                s0 += r0[i] * x[i];
                s1 += r1[i] * x[i];
                s2 += r2[i] * x[i];
                s3 += r3[i] * x[i];
            }

            y[o] = s0 + (bias is null ? 0f : bias[o]);
            y[o + 1] = s1 + (bias is null ? 0f : bias[o + 1]);
            y[o + 2] = s2 + (bias is null ? 0f : bias[o + 2]);
            y[o + 3] = s3 + (bias is null ? 0f : bias[o + 3]);
        }

        for (; o < y.Length; o++)
        {
            y[o] = TensorPrimitives.Dot(w.Slice(o * n, n), x) + (bias is null ? 0f : bias[o]);
        }
    }

    /// <summary>LayerNorm over the C values: (x − mean) / sqrt(var + ε) · weight + bias, the biased variance as libtorch's.</summary>
    private static void LayerNorm(ReadOnlySpan<float> x, float[] weight, float[] bias, Span<float> y)
    {
        var mean = TensorPrimitives.Sum(x) / x.Length;
        TensorPrimitives.Subtract(x, mean, y);
        var variance = TensorPrimitives.SumOfSquares(y) / x.Length;
        TensorPrimitives.Multiply(y, 1f / MathF.Sqrt(variance + LayerNormEpsilon), y);
        TensorPrimitives.FusedMultiplyAdd(y, weight, bias, y);
    }

    /// <summary>
    /// nn.GELU's exact form, x Φ(x) = ½ x erfc(−x / √2), in place, vectorised: erfc by the Chebyshev fit of
    /// Numerical Recipes (fractional error below 1.2·10⁻⁷), t = 1 / (1 + z / 2), z = |x| / √2.
    /// </summary>
    private void Gelu(Span<float> x)
    {
        ReadOnlySpan<float> c = [-1.26551223f, 1.00002368f, 0.37409196f, 0.09678418f, -0.18628806f, 0.27886807f, -1.13520398f, 1.48851587f, -0.82215223f, 0.17087277f];
        var n = x.Length;
        Span<float> z = _scratch.AsSpan(0, n);
        Span<float> t = _geluT.AsSpan(0, n);
        Span<float> poly = _geluPoly.AsSpan(0, n);
        TensorPrimitives.Abs(x, z);
        TensorPrimitives.Multiply(z, 1f / MathF.Sqrt(2f), z);                       // z = |x| / √2
        TensorPrimitives.Multiply(z, 0.5f, t);
        TensorPrimitives.Add(t, 1f, t);
        TensorPrimitives.Reciprocal(t, t);                                          // t = 1 / (1 + z/2)
        poly.Fill(c[9]);
        for (var k = 8; k >= 0; k--)
        {
            TensorPrimitives.MultiplyAdd(poly, t, c[k], poly);                      // Horner in t
        }

        TensorPrimitives.Multiply(z, z, z);
        TensorPrimitives.Subtract(poly, z, poly);                                   // −z² + poly(t)
        TensorPrimitives.Exp(poly, poly);
        TensorPrimitives.Multiply(poly, t, poly);                                   // erfc(z) for z ≥ 0
        for (var i = 0; i < n; i++)
        {
            var erfc = x[i] >= 0 ? 2f - poly[i] : poly[i];                          // erfc(−x/√2): x ≥ 0 gives 2 − erfc(|x|/√2)
            x[i] = 0.5f * x[i] * erfc;
        }
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed record Block(
        float[] Norm1Weight, float[] Norm1Bias,
        float[] AttentionWeight, float[] AttentionBias,           // (3C, C), (3C)
        float[] ProjectionWeight, float[] ProjectionBias,         // (C, C), (C)
        float[] Norm2Weight, float[] Norm2Bias,
        float[] FcWeight, float[] FcBias,                         // (4C, C), (4C)
        float[] FcProjectionWeight, float[] FcProjectionBias,     // (C, 4C), (C)
        float[] Keys, float[] Values);                            // (T_max, C) each: head h at [h·D, (h + 1)·D)
}
