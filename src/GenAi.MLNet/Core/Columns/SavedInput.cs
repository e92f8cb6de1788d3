using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>An input column as saved in a model file (<c>Inputs.json</c>); validated when read back.</summary>
internal sealed class SavedInput
{
    public SavedInputKind Kind { get; set; }

    public string Name { get; set; } = "";

    public int[]? Dimensions { get; set; }

    public float? RangeMin { get; set; }

    public float? RangeMax { get; set; }

    public string? RangeWhy { get; set; }

    public string[]? ClassNames { get; set; }

    public double[]? ClassValues { get; set; }

    public int? VocabularySize { get; set; }

    public Text.SavedTokenizer? Tokenizer { get; set; }

    /// <summary>The column this describes; throws <see cref="InvalidDataException"/> when the description is inconsistent.</summary>
    public InputColumn ToColumn()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw Bad("an input column has no name");
        }

        switch (Kind)
        {
            case SavedInputKind.Features:
                if (Dimensions is not { Length: > 0 } dims || dims.Any(d => d <= 0) || dims.Aggregate(1L, (a, d) => a * d) > int.MaxValue)
                {
                    throw Bad($"column '{Name}' has invalid dimensions");
                }

                ValueRange? range = null;
                if (RangeMin is { } min && RangeMax is { } max)
                {
                    if (!(min <= max))
                    {
                        throw Bad($"column '{Name}' has an empty value range");
                    }

                    range = new ValueRange(min, max, RangeWhy ?? "");
                }

                return new FeatureInput(Name, new VectorShape(dims.Aggregate(1, (a, d) => a * d), dims), range);
            case SavedInputKind.Classes:
                if (ClassNames is not { Length: > 0 } names || names.Any(n => n is null) || (ClassValues is { } v && (v.Length != names.Length || v.Any(x => !double.IsFinite(x)))))
                {
                    throw Bad($"label column '{Name}' has invalid classes");
                }

                return new ClassInput(Name, names, ClassValues);
            case SavedInputKind.Text:
                return new TextInput(Name);
            case SavedInputKind.TokenizedText:
                if (Tokenizer is null)
                {
                    throw Bad($"text column '{Name}' has no tokenizer");
                }

                try
                {
                    return new TokenizedTextInput(Name, Tokenizer.ToTokenizer());
                }
                catch (InvalidDataException e)
                {
                    throw Bad($"text column '{Name}': {e.Message}");
                }

            case SavedInputKind.Tokens:
                return VocabularySize is { } size and > 0 ? new TokenInput(Name, size) : throw Bad($"token column '{Name}' has no vocabulary size");
            default:
                throw Bad($"unknown input kind {Kind}");
        }
    }

    private static InvalidDataException Bad(string what) => new($"The saved model's input description is invalid: {what}. The file is damaged or was written by another program.");
}
