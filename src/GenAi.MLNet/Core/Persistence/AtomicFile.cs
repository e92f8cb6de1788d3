using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace GenAi.MLNet.Core.Persistence;

/// <summary>
/// Writes files so that readers see either the old content or the complete new content, never a
/// partial file: the data goes to a temporary file in the same folder, is flushed to disk, then
/// renamed over the target. A process killed mid-write leaves its temporary file behind; the next write
/// to the same target removes temporary files whose writing process no longer runs.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var buffer = bytes.ToArray();
        Write(path, stream => stream.Write(buffer));
    }

    /// <summary>
    /// Calls <paramref name="write"/> with a stream on a temporary file next to <paramref name="path"/>
    /// and moves it into place when <paramref name="write"/> returns. If it throws, the temporary file
    /// is deleted and any existing file at <paramref name="path"/> is left untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        RemoveOrphans(dir, Path.GetFileName(full));
        var temp = Path.Combine(dir, TempPrefix(Path.GetFileName(full)) + $"{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string TempPrefix(string fileName) => $".{fileName}.";

    /// <summary>Deletes temporary files of <paramref name="fileName"/> left by processes that are no longer running.</summary>
    internal static void RemoveOrphans(string dir, string fileName)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(dir, TempPrefix(fileName) + "*.tmp");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var candidate in candidates)
        {
            // .{fileName}.{pid}.{guid}.tmp
            var rest = Path.GetFileName(candidate)[TempPrefix(fileName).Length..];
            var parts = rest.Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                TryDelete(candidate);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
