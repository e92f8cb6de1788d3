using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace GenAi.MLNet.Text;

/// <summary>A vocabulary saved as JSON: one object tagged with its format; on reading, the tag is checked and any damage is one clear error.</summary>
internal static class VocabularyJson
{
    /// <summary>Writes <c>{"format": <paramref name="format"/>, ...}</c> with the fields <paramref name="body"/> writes.</summary>
    public static void Write(Stream stream, string format, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("format", format);
        body(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the field <paramref name="name"/> as an array of strings.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

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
