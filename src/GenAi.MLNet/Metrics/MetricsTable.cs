using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace GenAi.MLNet.Metrics;

/// <summary>
/// Named figures in rows, one column per model or setting; in a notebook it displays as an HTML table.
/// </summary>
public sealed class MetricsTable
{
    private readonly List<(string Name, double?[] Values)> _rows = [];

    /// <summary>Creates a table with the given value columns (default: one column, "value").</summary>
    public MetricsTable(string title, params string[] columns)
    {
        Title = title;
        Columns = columns.Length == 0 ? ["value"] : columns;
    }

    /// <summary>Title.</summary>
    public string Title { get; }

    /// <summary>Value column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Rows: a name and one value per column (null = not applicable).</summary>
    public IReadOnlyList<(string Name, double?[] Values)> Rows => _rows;

    /// <summary>Adds a row; returns the table for chaining.</summary>
    public MetricsTable Add(string name, params double?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"Row '{name}' has {values.Length} values; the table has {Columns.Count} columns.", nameof(values));
        }

        _rows.Add((name, values));
        return this;
    }

    /// <summary>The value in row <paramref name="name"/> and column <paramref name="column"/> (default: the first).</summary>
    public double? this[string name, string? column = null]
    {
        get
        {
            var row = _rows.FirstOrDefault(r => r.Name == name);
            if (row.Values is null)
            {
                throw new KeyNotFoundException($"No row '{name}' in table '{Title}'.");
            }

            var index = column is null ? 0 : Columns.ToList().IndexOf(column);
            return index < 0 ? throw new KeyNotFoundException($"No column '{column}' in table '{Title}'.") : row.Values[index];
        }
    }

    /// <summary>An HTML table.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<table><caption>").Append(WebUtility.HtmlEncode(Title)).Append("</caption><thead><tr><th></th>");
        foreach (var c in Columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var (name, values) in _rows)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(name)).Append("</td>");
            foreach (var v in values)
            {
                html.Append("<td style=\"text-align:right\">").Append(Format(v)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A Markdown table (GitHub style) with the title as a bold line above it.</summary>
    public string ToMarkdown()
    {
        static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
        var md = new StringBuilder("**").Append(Title).AppendLine("**").AppendLine();
        md.Append("| |").AppendJoin("", Columns.Select(c => $" {Cell(c)} |")).AppendLine();
        md.Append("|---|").AppendJoin("", Columns.Select(_ => "---:|")).AppendLine();
        foreach (var (name, values) in _rows)
        {
            md.Append("| ").Append(Cell(name)).Append(" |").AppendJoin("", values.Select(v => $" {Format(v)} |")).AppendLine();
        }

        return md.ToString();
    }

    /// <summary>A plain-text table.</summary>
    public override string ToString()
    {
        var nameWidth = Math.Max(4, _rows.Count == 0 ? 0 : _rows.Max(r => r.Name.Length));
        var widths = Columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => Format(r.Values[i]).Length))).ToArray();
        var text = new StringBuilder(Title).AppendLine();
        text.Append(new string(' ', nameWidth));
        for (var i = 0; i < Columns.Count; i++)
        {
            text.Append("  ").Append(Columns[i].PadLeft(widths[i]));
        }

        text.AppendLine();
        foreach (var (name, values) in _rows)
        {
            text.Append(name.PadRight(nameWidth));
            for (var i = 0; i < values.Length; i++)
            {
                text.Append("  ").Append(Format(values[i]).PadLeft(widths[i]));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Format(double? value) => value switch
    {
        null => "–",
        { } v when v != 0 && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-3) => v.ToString("G4", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
