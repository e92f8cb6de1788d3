using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace GenAi.MLNet.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian header (magic 0x00000803
/// for images: count, rows, columns; 0x00000801 for labels: count) then unsigned bytes; gzip or plain.
/// </summary>
internal static class IdxReader
{
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x803)
        {
            throw new InvalidDataException($"'{path}' is not an IDX image file (expected magic 0x00000803).");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        var expected = 16L + ((long)count * rows * columns);
        if (count <= 0 || rows <= 0 || columns <= 0 || bytes.Length != expected)
        {
            throw new InvalidDataException($"'{path}' is truncated or corrupt: header says {count} images of {rows}x{columns} ({expected} bytes), file has {bytes.Length}.");
        }

        return (bytes[16..], count, rows, columns);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32BigEndian(bytes) != 0x801)
        {
            throw new InvalidDataException($"'{path}' is not an IDX label file (expected magic 0x00000801).");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (count <= 0 || bytes.Length != 8 + count)
        {
            throw new InvalidDataException($"'{path}' is truncated or corrupt: header says {count} labels, file has {bytes.Length - 8}.");
        }

        return bytes[8..];
    }

    internal static byte[] ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' is missing. See data/README.md for where each file comes from.", path);
        }

        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is corrupt: {e.Message}", e);
        }
    }
}
