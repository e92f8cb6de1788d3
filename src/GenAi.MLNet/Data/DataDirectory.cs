using System;
using System.IO;

namespace GenAi.MLNet.Data;

/// <summary>Finds the repository's <c>data/</c> folder: nothing is ever downloaded.</summary>
public static class DataDirectory
{
    /// <summary>Environment variable that, when set, names the data folder.</summary>
    public const string EnvironmentVariable = "GENAI_MLNET_DATA";

    /// <summary>
    /// The data folder: <c>$GENAI_MLNET_DATA</c> if set, else the first <c>data/</c> folder holding
    /// <c>README.md</c> found walking up from the current directory, then from the application folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No data folder was found; the message says where it looked.</exception>
    public static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} names '{fromEnvironment}', which does not exist.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data");
                if (System.IO.File.Exists(Path.Combine(candidate, "README.md")) && Directory.Exists(Path.Combine(candidate, "images")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"The GenAi.MLNet data folder was not found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'. " +
            $"Run from inside the repository or set {EnvironmentVariable}.");
    }

    /// <summary>The full path of a file under the data folder; throws <see cref="FileNotFoundException"/> naming it if absent.</summary>
    public static string File(string relativePath, string? dataDirectory = null)
    {
        var path = Path.Combine(dataDirectory ?? Find(), relativePath);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Data file '{path}' is missing. See data/README.md for where each file comes from.", path);
    }
}
