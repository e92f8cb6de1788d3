using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Threading.Tasks;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Plotting;
using GenAi.MLNet.Training;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Interactive;

/// <summary>
/// Registers notebook formatters: a <see cref="PlotImage"/>, an <see cref="ImageBatch"/> and a
/// <see cref="TrainingHistory"/> display as PNG images (the grid, the loss curves); a
/// <see cref="MetricsTable"/>, <see cref="GenerativeMetrics"/> and ML.NET's evaluation metrics display as HTML tables.
/// </summary>
public sealed class GenAiKernelExtension : IKernelExtension
{
    private const string Png = "image/png";

    /// <inheritdoc />
    public Task OnLoadAsync(Kernel kernel)
    {
        RegisterPng<PlotImage>(p => p);
        RegisterPng<ImageBatch>(b => b.ToPlot());
        RegisterPng<TrainingHistory>(h => Plots.LossCurves(h));

        Formatter.Register<MetricsTable>((table, writer) => writer.Write(table.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<GenerativeMetrics>((metrics, writer) => writer.Write(metrics.ToTable().ToHtml()), HtmlFormatter.MimeType);
        foreach (var type in new[]
                 {
                     typeof(BinaryClassificationMetrics), typeof(CalibratedBinaryClassificationMetrics), typeof(MulticlassClassificationMetrics),
                     typeof(RegressionMetrics), typeof(AnomalyDetectionMetrics), typeof(ClusteringMetrics),
                 })
        {
            Formatter.Register(type, (value, writer) => writer.Write(MetricsHtml(value)), HtmlFormatter.MimeType);
        }

        return Task.CompletedTask;
    }

    private static void RegisterPng<T>(Func<T, PlotImage> render)
    {
        Formatter.Register<T>((value, writer) => writer.Write(render(value).ToBase64()), Png);
        Formatter.Register<T>((value, writer) => writer.Write(render(value).ToHtml()), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), Png);
    }

    /// <summary>Every scalar numeric property of an ML.NET metrics object, as a two-column table.</summary>
    private static string MetricsHtml(object metrics)
    {
        var rows = metrics.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(double) || p.PropertyType == typeof(float) || p.PropertyType == typeof(int) || p.PropertyType == typeof(long))
            .Select(p => $"<tr><td>{WebUtility.HtmlEncode(p.Name)}</td><td style=\"text-align:right\">{Convert.ToDouble(p.GetValue(metrics), CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture)}</td></tr>");
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write($"<table><caption>{WebUtility.HtmlEncode(metrics.GetType().Name)}</caption><tbody>{string.Concat(rows)}</tbody></table>");
        return writer.ToString();
    }
}
