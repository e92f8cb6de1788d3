using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Training;
using ScottPlot;

namespace GenAi.MLNet.Plotting;

/// <summary>
/// Figures for notebooks and reports, rendered with ScottPlot to PNG: image grids, loss curves, 2-D
/// latent scatters, interpolation strips, score histograms and ROC curves.
/// </summary>
public static class Plots
{
    private static readonly ScottPlot.Palettes.Category10 s_palette = new ScottPlot.Palettes.Category10();

    /// <summary>A grid of grayscale images (values in [0, 1]), with captions under each image when given.</summary>
    public static PlotImage ImageGrid(ImageBatch batch, int pixelsPerImage = 64)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var columns = batch.Columns;
        var rows = (batch.Images.Count + columns - 1) / columns;
        var (h, w) = (batch.Height, batch.Width);

        // One composite bitmap at its final size: each pixel drawn as an s x s block (no smoothing),
        // white padding between images and a caption strip under each row when there are captions.
        var s = Math.Max(1, (int)Math.Round(pixelsPerImage / (double)Math.Max(h, w)));
        var pad = 2 * s;
        var captionHeight = batch.Captions is null ? 0 : 16;
        var (cellH, cellW) = ((h * s) + pad + captionHeight, (w * s) + pad);
        var (gridHeight, gridWidth) = ((rows * cellH) + pad, (columns * cellW) + pad);
        var composite = new byte[gridHeight, gridWidth];
        for (var y = 0; y < gridHeight; y++)
        {
            for (var x = 0; x < gridWidth; x++)
            {
                composite[y, x] = 255;
            }
        }

        for (var i = 0; i < batch.Images.Count; i++)
        {
            var (top, left) = (pad + (i / columns * cellH), pad + (i % columns * cellW));
            var image = batch.Images[i];
            for (var y = 0; y < h * s; y++)
            {
                for (var x = 0; x < w * s; x++)
                {
                    // Ink is dark on white, as digits are usually shown.
                    composite[top + y, left + x] = (byte)Math.Round(255 * (1 - Math.Clamp(image[(y / s * w) + (x / s)], 0f, 1f)));
                }
            }
        }

        using var plot = new Plot();
        plot.Add.ImageRect(new Image(composite), new CoordinateRect(0, gridWidth, 0, gridHeight));
        if (batch.Captions is { } captions)
        {
            for (var i = 0; i < captions.Count; i++)
            {
                var x = pad + (i % columns * cellW) + (w * s / 2.0);
                var y = gridHeight - (pad + (i / columns * cellH) + (h * s) + 1);
                var text = plot.Add.Text(captions[i], x, y);
                text.LabelFontSize = 11;
                text.LabelAlignment = Alignment.UpperCenter;
            }
        }

        // A title wider than the grid widens the figure up to 640 pixels, then wraps onto more lines; the
        // grid stays centred at 1:1 scale.
        var figureWidth = batch.Title is null ? gridWidth : Math.Max(gridWidth, Math.Min(640, (int)(batch.Title.Length * 14 * 0.58) + 40));
        var title = batch.Title is null ? null : Wrap(batch.Title, figureWidth, 14);
        var titleRoom = title is null ? 0 : 10 + (20 * title.Split('\n').Length);
        var margin = (figureWidth - gridWidth) / 2.0;
        plot.Axes.SetLimits(-margin, gridWidth + margin, 0, gridHeight);
        plot.HideAxesAndGrid();
        if (title is not null)
        {
            plot.Title(title, 14);
        }

        plot.Layout.Fixed(new PixelPadding(0, 0, 0, titleRoom));
        return PlotImage.From(plot, figureWidth, gridHeight + titleRoom);
    }

    /// <summary>Training and validation loss per epoch; with <paramref name="components"/>, each named value too (e.g. reconstruction and KL).</summary>
    public static PlotImage LossCurves(TrainingHistory history, string? title = null, bool components = true, int width = 720, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var plot = new Plot();
        var epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        AddLine(plot, epochs, history.Epochs.Select(e => e.TrainLoss).ToArray(), "train loss", 0, 2.5f);
        if (history.Epochs.All(e => e.ValidationLoss.HasValue))
        {
            AddLine(plot, epochs, history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray(), "validation loss", 1, 2.5f);
        }

        if (components && history.LossNames.Count > 1)
        {
            var color = 2;
            foreach (var key in history.Epochs[0].Metrics.Keys.Where(k => !k.EndsWith("/" + history.LossNames[0], StringComparison.Ordinal)))
            {
                AddLine(plot, epochs, history.Epochs.Select(e => e.Metrics.GetValueOrDefault(key, double.NaN)).ToArray(), key, color++, 1.5f);
            }
        }

        if (history.BestEpoch > 0 && history.StoppedEarly)
        {
            var line = plot.Add.VerticalLine(history.BestEpoch);
            line.LegendText = "best epoch";
            line.LinePattern = LinePattern.Dashed;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        SetTitle(plot, title ?? "Loss per epoch", width);
        plot.XLabel(Wrap("epoch", width, 14));
        plot.YLabel(Wrap("loss (nats per row)", height, 14));
        plot.ShowLegend(Alignment.UpperRight);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>Per-step values of a training run (e.g. a GAN's D and G losses), smoothed with a moving average.</summary>
    public static PlotImage StepCurves(TrainingHistory history, IEnumerable<string>? names = null, int smoothing = 10, string? title = null, int width = 720, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var plot = new Plot();
        var wanted = (names ?? history.LossNames).ToList();
        var steps = history.Steps.Select(s => (double)s.Step).ToArray();
        for (var k = 0; k < wanted.Count; k++)
        {
            var index = history.LossNames.ToList().IndexOf(wanted[k]);
            if (index < 0)
            {
                throw new ArgumentException($"'{wanted[k]}' is not one of {string.Join(", ", history.LossNames)}.", nameof(names));
            }

            AddLine(plot, steps, MovingAverage(history.Steps.Select(s => (double)s.Values[index]).ToArray(), smoothing), wanted[k], k, 1.5f);
        }

        SetTitle(plot, title ?? "Values per step", width);
        plot.XLabel(Wrap("step", width, 14));
        plot.ShowLegend(Alignment.UpperRight);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>
    /// Points in two dimensions coloured by class (e.g. a 2-D latent space, or its first two principal
    /// components), with a legend of class names.
    /// </summary>
    public static PlotImage Scatter2D(IReadOnlyList<float[]> points, IReadOnlyList<int> labels, IReadOnlyList<string>? classNames = null,
        string? title = null, string xLabel = "z1", string yLabel = "z2", int width = 640, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Count != labels.Count)
        {
            throw new ArgumentException($"{points.Count} points but {labels.Count} labels.", nameof(labels));
        }

        using var plot = new Plot();
        foreach (var group in Enumerable.Range(0, points.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var xs = group.Select(i => (double)points[i][0]).ToArray();
            var ys = group.Select(i => (double)points[i][1]).ToArray();
            var markers = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 4, s_palette.GetColor(group.Key).WithAlpha(0.7));
            markers.LegendText = classNames is null ? group.Key.ToString(CultureInfo.InvariantCulture) : classNames[group.Key];
        }

        SetTitle(plot, title ?? "Latent space", width);
        plot.XLabel(Wrap(xLabel, width, 14));
        plot.YLabel(Wrap(yLabel, height, 14));
        plot.ShowLegend(Edge.Right);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>
    /// Generated 2-D points over the modes of a mixture (open circles with a radius of three standard
    /// deviations, the "high quality" zone), for seeing mode collapse.
    /// </summary>
    public static PlotImage MixtureSamples(IReadOnlyList<float[]> samples, IReadOnlyList<float[]> modes, double sigma, string? title = null,
        int width = 480, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(modes);
        using var plot = new Plot();
        var points = plot.Add.Markers(samples.Select(p => (double)p[0]).ToArray(), samples.Select(p => (double)p[1]).ToArray(),
            MarkerShape.FilledCircle, 2, s_palette.GetColor(0).WithAlpha(0.35));
        points.LegendText = "generated";
        foreach (var mode in modes)
        {
            var circle = plot.Add.Circle(mode[0], mode[1], 3 * sigma);
            circle.LineColor = s_palette.GetColor(3);
            circle.LineWidth = 1.5f;
            circle.FillColor = Colors.Transparent;
        }

        var span = modes.Max(m => Math.Max(Math.Abs(m[0]), Math.Abs(m[1]))) * 1.4 + (10 * sigma);
        plot.Axes.SetLimits(-span, span, -span, span);
        SetTitle(plot, title ?? "Generated samples over the modes (circles: 3 sigma)", width);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>Several images side by side in one PNG (e.g. a mixture's samples after successive epochs).</summary>
    public static PlotImage Row(IReadOnlyList<PlotImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("No images.", nameof(images));
        }

        var decoded = images.Select(i => SkiaSharp.SKBitmap.Decode(i.Png)).ToList();
        try
        {
            var width = decoded.Sum(b => b.Width);
            var height = decoded.Max(b => b.Height);
            using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
            surface.Canvas.Clear(SkiaSharp.SKColors.White);
            var x = 0;
            foreach (var bitmap in decoded)
            {
                surface.Canvas.DrawBitmap(bitmap, x, 0);
                x += bitmap.Width;
            }

            using var snapshot = surface.Snapshot();
            using var data = snapshot.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            return new PlotImage(data.ToArray(), width, height);
        }
        finally
        {
            decoded.ForEach(b => b.Dispose());
        }
    }

    /// <summary>Histograms of two groups of scores (e.g. anomaly scores of normal and unusual rows), on shared bins.</summary>
    public static PlotImage ScoreHistograms(IReadOnlyList<float> first, string firstName, IReadOnlyList<float> second, string secondName,
        int bins = 40, string? title = null, string xLabel = "score", int width = 720, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var all = first.Concat(second).ToArray();
        var (min, max) = (all.Min(), all.Max());
        var binWidth = (max - min) / bins;
        if (binWidth <= 0)
        {
            binWidth = 1;
        }

        using var plot = new Plot();
        var index = 0;
        foreach (var (values, name) in new[] { (first, firstName), (second, secondName) })
        {
            var counts = new double[bins];
            foreach (var v in values)
            {
                counts[Math.Clamp((int)((v - min) / binWidth), 0, bins - 1)] += 1.0 / values.Count;
            }

            var centers = Enumerable.Range(0, bins).Select(b => min + ((b + 0.5) * binWidth)).ToArray();
            var bars = plot.Add.Bars(centers, counts);
            bars.LegendText = name;
            foreach (var bar in bars.Bars)
            {
                bar.Size = binWidth;
                bar.FillColor = s_palette.GetColor(index).WithAlpha(0.5);
                bar.LineWidth = 0;
            }

            index++;
        }

        SetTitle(plot, title ?? "Score distributions", width);
        plot.XLabel(Wrap(xLabel, width, 14));
        plot.YLabel(Wrap("fraction of rows", height, 14));
        plot.ShowLegend(Alignment.UpperRight);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>ROC curves (false-positive rate vs true-positive rate), with the AUC in each legend entry.</summary>
    public static PlotImage RocCurves(IEnumerable<(string Name, IReadOnlyList<double> FalsePositiveRate, IReadOnlyList<double> TruePositiveRate, double Auc)> curves,
        string? title = null, int width = 560, int height = 520)
    {
        ArgumentNullException.ThrowIfNull(curves);
        using var plot = new Plot();
        var k = 0;
        foreach (var (name, fpr, tpr, auc) in curves)
        {
            AddLine(plot, fpr.ToArray(), tpr.ToArray(), $"{name} (AUC {auc:F3})", k++, 2f);
        }

        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dotted;
        chance.LegendText = "chance";
        plot.Axes.SetLimits(0, 1, 0, 1);
        SetTitle(plot, title ?? "ROC", width);
        plot.XLabel(Wrap("false-positive rate", width, 14));
        plot.YLabel(Wrap("true-positive rate", height, 14));
        plot.ShowLegend(Alignment.LowerRight);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>Lines of y against x, one per series.</summary>
    public static PlotImage Lines(IEnumerable<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string? title = null,
        string xLabel = "x", string yLabel = "y", int width = 720, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(series);
        using var plot = new Plot();
        var k = 0;
        foreach (var (name, x, y) in series)
        {
            AddLine(plot, x.ToArray(), y.ToArray(), name, k++, 2f);
        }

        SetTitle(plot, title ?? "", width);
        plot.XLabel(Wrap(xLabel, width, 14));
        plot.YLabel(Wrap(yLabel, height, 14));
        plot.ShowLegend(Alignment.UpperRight);
        return PlotImage.From(plot, width, height);
    }

    /// <summary>
    /// A matrix as a heat map, row 0 at the top: for attention, rows are queries and columns keys. Labels name the
    /// rows and columns (e.g. tokens; a space is drawn as "_", the boundary token as "&lt;s&gt;"); a colour bar gives the scale.
    /// </summary>
    /// <exception cref="ArgumentException">The rows differ in length, or a label list does not match.</exception>
    public static PlotImage Heatmap(IReadOnlyList<float[]> values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string? title = null,
        int width = 640, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        var (rows, columns) = (values.Count, values.Count == 0 ? 0 : values[0].Length);
        if (values.Any(r => r.Length != columns) || rowLabels.Count != rows || columnLabels.Count != columns)
        {
            throw new ArgumentException($"A {rows} x {columns} matrix needs {rows} row labels and {columns} column labels, and rows of one length.", nameof(values));
        }

        var data = new double[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[r, c] = values[r][c];
            }
        }

        using var plot = new Plot();
        var map = plot.Add.Heatmap(data);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map);
        // The plot's font has no glyphs for the boundary and space symbols: plain stand-ins.
        static string Show(string label) => label.Replace("⏎", "<s>", StringComparison.Ordinal).Replace("\n", "<s>", StringComparison.Ordinal).Replace(" ", "_", StringComparison.Ordinal);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), columnLabels.Select(Show).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), rowLabels.Select(Show).ToArray());
        SetTitle(plot, title ?? "", width);
        return PlotImage.From(plot, width, height);
    }

    private static void AddLine(Plot plot, double[] x, double[] y, string name, int colorIndex, float width)
    {
        var line = plot.Add.ScatterLine(x, y, s_palette.GetColor(colorIndex));
        line.LegendText = name;
        line.LineWidth = width;
    }

    private static double[] MovingAverage(double[] values, int window)
    {
        if (window <= 1)
        {
            return values;
        }

        var result = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    /// <summary>Sets a title that fits the figure: wrapped onto as many lines as needed, in a smaller font when long.</summary>
    private static void SetTitle(Plot plot, string title, int width)
    {
        var size = title.Length > 70 ? 14f : 16f;
        plot.Title(Wrap(title, width, size), size);
    }

    /// <summary>
    /// Breaks <paramref name="text"/> at spaces so that no line is wider than <paramref name="pixels"/> at
    /// <paramref name="fontSize"/> (about 0.58 em per character, with a margin).
    /// </summary>
    internal static string Wrap(string text, int pixels, float fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var perLine = Math.Max(12, (int)((pixels - 40) / (fontSize * 0.58)));
        if (text.Length <= perLine)
        {
            return text;
        }

        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > perLine)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return string.Join("\n", lines);
    }
}
