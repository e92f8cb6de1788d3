using System;
using System.Linq;
using System.Text;
using TorchSharp;

namespace GenAi.MLNet.Core;

/// <summary>A readable listing of a TorchSharp module: each parameter's name and shape, and the total count.</summary>
internal static class ModuleSummary
{
    /// <summary>One line per parameter tensor, then the number of trainable parameters.</summary>
    public static string Describe(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var text = new StringBuilder(module.GetName()).AppendLine();
        long total = 0;
        foreach (var (name, parameter) in module.named_parameters())
        {
            text.Append("  ").Append(name.PadRight(36)).Append(" (").Append(string.Join(", ", parameter.shape)).AppendLine(")");
            total += parameter.numel();
        }

        return text.Append("  ").Append(total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" parameters").ToString();
    }
}
