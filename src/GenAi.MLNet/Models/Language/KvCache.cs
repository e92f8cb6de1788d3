// A Gpt's cache of each layer's keys and values for decoding through libtorch (GptDecoder keeps the same in
// managed arrays). Shapes: B batch, H heads, T_max context length, D head size.
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>Each layer's keys and values of the tokens fed so far.</summary>
internal sealed class KvCache : DecodingState
{
    public KvCache(int layers, int capacity)
    {
        Layers = Enumerable.Range(0, layers).Select(_ => new Layer(capacity)).ToArray();
        Capacity = capacity;
    }

    /// <summary>The most tokens the cache holds (the context length).</summary>
    public int Capacity { get; }

    public Layer[] Layers { get; }

    /// <summary>Tokens whose keys and values are cached.</summary>
    public long Length => Layers.Length == 0 ? 0 : Layers[0].Length;

    public void Clear()
    {
        foreach (var layer in Layers)
        {
            layer.Clear();
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var layer in Layers)
        {
            layer.Free();
        }
    }

    internal sealed class Layer(int capacity)
    {
        private Tensor? _keysAndValues; // (2, B, H, T_max, D), filled up to Length

        public long Length { get; private set; }

        /// <summary>Writes the <paramref name="t"/> new tokens' keys and values <c>(2, B, H, T, D)</c> after the cached ones; returns all of them (views of the cache).</summary>
        public (Tensor Keys, Tensor Values) Append(Tensor keysAndValues, long t)
        {
            _keysAndValues ??= zeros([.. keysAndValues.shape[..3], capacity, keysAndValues.shape[4]], dtype: keysAndValues.dtype, device: keysAndValues.device).DetachFromDisposeScope();
            _keysAndValues.narrow(3, Length, t).copy_(keysAndValues);
            Length += t;
            var all = _keysAndValues.narrow(3, 0, Length).unbind(0);             // 2 x (B, H, Length, D)
            return (all[0], all[1]);
        }

        /// <summary>The cached keys and values, 2 x (B, H, Length, D) (views of the cache).</summary>
        public (Tensor Keys, Tensor Values) Stored()
        {
            var all = _keysAndValues!.narrow(3, 0, Length).unbind(0);
            return (all[0], all[1]);
        }

        public void Clear() => Length = 0;

        public void Free()
        {
            _keysAndValues?.Dispose();
            _keysAndValues = null;
            Length = 0;
        }
    }
}
