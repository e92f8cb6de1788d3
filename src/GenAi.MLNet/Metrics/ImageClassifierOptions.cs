// A small convolutional classifier trained on a data set's real training images. Generative-model
// metrics use it twice: its class probabilities judge what a generated image looks like (conditional
// accuracy, class coverage, an Inception-Score analogue) and its 128-D penultimate layer is the feature
// space for Fréchet distance, KID and precision/recall. This plays the role Inception-v3 plays in the
// literature; values are comparable only between runs that use the same classifier, never with
// published FIDs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Core.Persistence;
using GenAi.MLNet.Data;
using Microsoft.ML;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

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
        if (Epochs <= 0 || BatchSize <= 0 || !(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException("ImageClassifierOptions: Epochs, BatchSize and LearningRate must be positive.", nameof(Epochs));
        }

        if (string.IsNullOrWhiteSpace(FeatureColumnName) || string.IsNullOrWhiteSpace(LabelColumnName))
        {
            throw new ArgumentException("ImageClassifierOptions: FeatureColumnName and LabelColumnName must name columns.", nameof(FeatureColumnName));
        }
    }
}
