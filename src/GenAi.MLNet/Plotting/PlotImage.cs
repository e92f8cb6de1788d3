using System;
using System.IO;

namespace GenAi.MLNet.Plotting;

/// <summary>A rendered figure: PNG bytes. In a Polyglot notebook it displays as the image.</summary>
/// <param name="Png">The PNG file's bytes.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record PlotImage(byte[] Png, int Width, int Height)
{
    /// <summary>Writes the PNG (atomically) to <paramref name="path"/>.</summary>
    public void Save(string path) => Core.Persistence.AtomicFile.WriteAllBytes(path, Png);

    /// <summary>The PNG as base64, the form notebook outputs store.</summary>
    public string ToBase64() => Convert.ToBase64String(Png);

    /// <summary>An HTML <c>img</c> element embedding the PNG.</summary>
    public string ToHtml() => $"<img src=\"data:image/png;base64,{ToBase64()}\" width=\"{Width}\" height=\"{Height}\"/>";

    internal static PlotImage From(ScottPlot.Plot plot, int width, int height)
        => new(plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png), width, height);

    /// <inheritdoc />
    public override string ToString() => $"PlotImage {Width}x{Height} ({Png.Length} bytes)";
}
