using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace GenAi.MLNet.Text;

/// <summary>Reading a vocabulary saved as JSON: the format tag checked, any damage as one clear error.</summary>
internal static class VocabularyJson
{
    /// <summary>The vocabulary <paramref name="read"/> makes of the JSON in <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">Not JSON, another format, or a field missing or of the wrong type.</exception>
    public static T Read<T>(Stream stream, string format, string kind, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var tag) || tag.GetString() != format)
            {
                throw new InvalidDataException($"Not a {kind} vocabulary of this library (expected format '{format}').");
            }

            return read(root);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"The {kind} vocabulary is damaged: {e.Message}", e);
        }
    }
}
