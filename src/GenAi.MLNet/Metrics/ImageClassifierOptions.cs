using System;

namespace GenAi.MLNet.Metrics;

/// <summary>Options of <see cref="ImageClassifier"/>.</summary>
public sealed class ImageClassifierOptions
{
    /// <summary>The image column: a known-size vector of Single with dimensions <c>(C, H, W)</c> (or <c>(H, W)</c>), H and W at least 4. Default <c>"Features"</c>.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>The class column: a key (its key values name the classes) or a numeric column (its distinct values are the classes). Default <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Passes over the training images. Default 4.</summary>
    public int Epochs { get; set; } = 4;

    /// <summary>Images per Adam step. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Seed of the weights and of the shuffling. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// A folder in which to keep trained classifiers, keyed by a hash of the images, labels and options, so
    /// that the same classifier is trained once. Default null: nothing is written. The weights are derived
    /// from your images, so choose a folder you control; <see cref="ImageClassifier.DefaultCacheDirectory"/>
    /// is the per-user cache the notebooks use.
    /// </summary>
    public string? CacheDirectory { get; set; }

    internal void Validate()
    {
        if (Epochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "ImageClassifierOptions.Epochs must be positive.");
        }

        if (BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "ImageClassifierOptions.BatchSize must be positive.");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "ImageClassifierOptions.LearningRate must be a positive finite number.");
        }

        if (string.IsNullOrWhiteSpace(FeatureColumnName))
        {
            throw new ArgumentException("ImageClassifierOptions.FeatureColumnName must name the image column.", nameof(FeatureColumnName));
        }

        if (string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("ImageClassifierOptions.LabelColumnName must name the class column.", nameof(LabelColumnName));
        }
    }
}
