using System.IO;
using System.IO.Compression;
using Microsoft.Data.Analysis;

namespace GenAi.MLNet.Data;

/// <summary>
/// Loaders for the tabular data sets in the repository's <c>data/tabular</c> folder, as Microsoft.Data.Analysis
/// <see cref="DataFrame"/>s (which are ML.NET <c>IDataView</c>s). Provenance in data/README.md.
/// </summary>
public static class TabularDatasets
{
    /// <summary>
    /// Statlog (Shuttle): 58,000 rows of nine numeric sensor readings <c>V1</c>..<c>V9</c> (Single) and the
    /// text column <c>Class</c> (Rad.Flow is about 78.6 % of the rows: the classic anomaly-detection benchmark).
    /// </summary>
    public static DataFrame Shuttle(string? dataDirectory = null)
    {
        var path = DataDirectory.File("tabular/Shuttle.csv.gz", dataDirectory);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        memory.Position = 0;
        return DataFrame.LoadCsv(memory);
    }

    /// <summary>The nine feature column names of <see cref="Shuttle"/>.</summary>
    public static readonly string[] ShuttleFeatures = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"];
}
