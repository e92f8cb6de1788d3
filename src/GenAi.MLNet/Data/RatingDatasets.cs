using System.IO;
using System.IO.Compression;
using Microsoft.Data.Analysis;

namespace GenAi.MLNet.Data;

/// <summary>Loaders for the ratings data in the repository's <c>data/ratings</c> folder, as <see cref="DataFrame"/>s. Provenance in data/README.md.</summary>
public static class RatingDatasets
{
    /// <summary>
    /// MovieLens ml-latest-small (GroupLens; research use, see data/ratings/LICENSE.md): 100,004 ratings (0.5 to 5 stars)
    /// of 9,066 movies by 671 users; columns <c>movieId</c>, <c>title</c>, <c>year</c>, <c>genres</c>, <c>userId</c>,
    /// <c>rating</c>, <c>timestamp</c>; <c>year</c> is text (a few films have "NA"), the ids, rating and timestamp are numbers.
    /// </summary>
    public static DataFrame MovieLens(string? dataDirectory = null)
    {
        var path = DataDirectory.File("ratings/movielens_small.csv.gz", dataDirectory);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        memory.Position = 0;
        return DataFrame.LoadCsv(memory, dataTypes: [typeof(float), typeof(string), typeof(string), typeof(string), typeof(float), typeof(float), typeof(double)]);
    }
}
