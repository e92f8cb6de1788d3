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
        // Training in a cell shows one line that updates while it runs (epoch, step, loss, time left).
        Trainer.DefaultProgress = () => KernelInvocationContext.Current is { } context ? new NotebookProgress(context) : null;
        Formatter.Register<TrainingProgress>((progress, writer) => writer.Write(ProgressHtml(progress)), HtmlFormatter.MimeType);
        Formatter.Register<TrainingProgress>((progress, writer) => writer.Write(progress.ToString()), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingProgress), HtmlFormatter.MimeType);

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

    /// <summary>A progress bar (when the total is known) and the progress line.</summary>
    private static string ProgressHtml(TrainingProgress progress)
    {
        var bar = progress.TotalSteps is { } total && total > 0
            ? $"<progress value=\"{Math.Min(progress.Step, total)}\" max=\"{total}\" style=\"width:240px;vertical-align:middle\"></progress> "
            : "";
        return $"<div style=\"font-family:monospace\">{bar}{WebUtility.HtmlEncode(progress.ToString())}</div>";
    }

    /// <summary>
    /// Shows the first report of a training run in the running cell, then updates that same output. With
    /// <c>GENAI_MLNET_PROGRESS=final</c> (set by the headless runs, whose saved notebooks keep every update as
    /// an output) only the report of the finished run is shown.
    /// </summary>
    private sealed class NotebookProgress(KernelInvocationContext context) : IProgress<TrainingProgress>
    {
        private static readonly bool s_finalOnly = string.Equals(Environment.GetEnvironmentVariable("GENAI_MLNET_PROGRESS"), "final", StringComparison.OrdinalIgnoreCase);
        private DisplayedValue? _displayed;

        public void Report(TrainingProgress value)
        {
            if (s_finalOnly && !value.IsFinished)
            {
                return;
            }

            if (_displayed is null)
            {
                _displayed = context.Display(value);
            }
            else
            {
                _displayed.Update(value);
            }
        }
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
