using System;
using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>
/// The <c>NumberOfThreads</c> option for the duration of one call. libtorch's thread count is a process-wide
/// setting, so it is set when training (or a transform batch) starts and restored when it ends: an option
/// never silently changes the process for what runs afterwards.
/// </summary>
internal static class TorchThreads
{
    private static readonly object s_gate = new();

    /// <summary>Sets <paramref name="threads"/> (null: leave as is) until the returned scope is disposed.</summary>
    public static Scope Use(int? threads)
    {
        if (threads is not { } count)
        {
            return default;
        }

        lock (s_gate)
        {
            var previous = torch.get_num_threads();
            if (previous != count)
            {
                torch.set_num_threads(count);
            }

            return new Scope(previous, count);
        }
    }

    /// <summary>Restores the previous thread count.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly int _previous;
        private readonly int _set;

        internal Scope(int previous, int set)
        {
            _previous = previous;
            _set = set;
        }

        public void Dispose()
        {
            if (_set == 0 || _previous == _set)
            {
                return;
            }

            lock (s_gate)
            {
                torch.set_num_threads(_previous);
            }
        }
    }
}
