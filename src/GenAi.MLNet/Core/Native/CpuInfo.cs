using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace GenAi.MLNet.Core.Native;

/// <summary>The processor as <c>/proc/cpuinfo</c> describes its first core: vendor, family, model and feature flags.</summary>
/// <param name="Vendor">e.g. <c>AuthenticAMD</c>, <c>GenuineIntel</c>.</param>
/// <param name="Family">CPU family (AMD Zen 5 is 26, Zen 3 and 4 are 25).</param>
/// <param name="Model">CPU model within the family.</param>
/// <param name="ModelName">The marketing name.</param>
/// <param name="Flags">Feature flags, e.g. <c>avx2</c>, <c>avx512f</c>.</param>
internal sealed record CpuInfo(string Vendor, int Family, int Model, string ModelName, IReadOnlySet<string> Flags)
{
    private static readonly Lazy<CpuInfo> s_current = new(ReadCurrent);

    /// <summary>This machine's processor (an empty description where /proc/cpuinfo is unavailable).</summary>
    public static CpuInfo Current => s_current.Value;

    /// <summary>True when the CPU has AVX-512 Foundation, i.e. oneDNN and oneMKL may pick AVX-512 kernels.</summary>
    public bool HasAvx512 => Flags.Contains("avx512f");

    /// <summary>True for AMD processors.</summary>
    public bool IsAmd => Vendor == "AuthenticAMD";

    /// <summary>A key identifying the processor kind and its AVX-512 features (for cached per-machine verdicts).</summary>
    public string Signature => $"{Vendor}|{Family}|{Model}|{ModelName}|{string.Join(",", Flags.Where(f => f.StartsWith("avx", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}";

    /// <summary>Parses the text of <c>/proc/cpuinfo</c> (the first processor block).</summary>
    public static CpuInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string vendor = "", name = "";
        int family = 0, model = 0;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0 && vendor.Length > 0)
            {
                break; // end of the first processor block
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "vendor_id":
                    vendor = value;
                    break;
                case "cpu family":
                    family = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    break;
                case "model":
                    model = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : 0;
                    break;
                case "model name":
                    name = value;
                    break;
                case "flags":
                    flags.UnionWith(value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                    break;
            }
        }

        return new CpuInfo(vendor, family, model, name, flags);
    }

    private static CpuInfo ReadCurrent()
    {
        try
        {
            return File.Exists("/proc/cpuinfo") ? Parse(File.ReadAllText("/proc/cpuinfo")) : Parse("");
        }
        catch (IOException)
        {
            return Parse("");
        }
        catch (UnauthorizedAccessException)
        {
            return Parse("");
        }
    }
}
