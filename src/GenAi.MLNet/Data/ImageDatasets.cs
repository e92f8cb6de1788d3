using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GenAi.MLNet.Core;

namespace GenAi.MLNet.Data;

/// <summary>
/// Loaders for the data sets in the repository's <c>data/</c> folder (provenance in data/README.md).
/// A missing or corrupt file raises an error naming the file.
/// </summary>
public static class ImageDatasets
{
    /// <summary>The ten digit class names.</summary>
    public static readonly string[] DigitClasses = Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Fashion-MNIST's class names (Xiao, Rasul and Vollgraf 2017).</summary>
    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>MNIST-10k: 10,000 handwritten digits, 28x28, classes interleaved (0, 1, ..., 9, 0, ...).</summary>
    public static ImageDataset Mnist(string? dataDirectory = null)
        => LoadIdx("MNIST-10k", "images/mnist-10k-images-idx3-ubyte.gz", "images/mnist-10k-labels-idx1-ubyte.gz", DigitClasses, dataDirectory);

    /// <summary>Fashion-MNIST: 60,000 training or 10,000 test images of clothing, 28x28.</summary>
    public static ImageDataset FashionMnist(FashionMnistPart part = FashionMnistPart.Train, string? dataDirectory = null)
        => part == FashionMnistPart.Train
            ? LoadIdx("Fashion-MNIST", "images/fashion-mnist-train-images-idx3-ubyte.gz", "images/fashion-mnist-train-labels-idx1-ubyte.gz", FashionClasses, dataDirectory)
            : LoadIdx("Fashion-MNIST (test)", "images/fashion-mnist-t10k-images-idx3-ubyte.gz", "images/fashion-mnist-t10k-labels-idx1-ubyte.gz", FashionClasses, dataDirectory);

    /// <summary>The UCI optical digits as shipped with scikit-learn: 1,797 images of 8x8, values 0..16 scaled to [0, 1].</summary>
    public static ImageDataset Digits(string? dataDirectory = null)
    {
        var path = DataDirectory.File("images/sklearn-digits-8x8.csv.gz", dataDirectory);
        var text = Encoding.ASCII.GetString(IdxReader.ReadAll(path));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pixels = new float[lines.Length * 64];
        var labels = new int[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            if (fields.Length != 65)
            {
                throw new InvalidDataException($"'{path}', line {i + 1}: expected 65 comma-separated values, found {fields.Length}.");
            }

            for (var j = 0; j < 65; j++)
            {
                if (!float.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new InvalidDataException($"'{path}', line {i + 1}, field {j + 1}: '{fields[j]}' is not a number.");
                }

                if (j < 64)
                {
                    pixels[(i * 64) + j] = value / 16f;
                }
                else
                {
                    labels[i] = (int)value;
                }
            }
        }

        return new ImageDataset("Digits 8x8", pixels, labels, VectorShape.ForImage(1, 8, 8), DigitClasses);
    }

    private static ImageDataset LoadIdx(string name, string images, string labels, string[] classes, string? dataDirectory)
    {
        var imagePath = DataDirectory.File(images, dataDirectory);
        var labelPath = DataDirectory.File(labels, dataDirectory);
        var (bytes, count, rows, columns) = IdxReader.ReadImages(imagePath);
        var labelBytes = IdxReader.ReadLabels(labelPath);
        if (labelBytes.Length != count)
        {
            throw new InvalidDataException($"'{labelPath}' has {labelBytes.Length} labels but '{imagePath}' has {count} images.");
        }

        var pixels = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            pixels[i] = bytes[i] / 255f;
        }

        var label = Array.ConvertAll(labelBytes, b => b < classes.Length
            ? (int)b
            : throw new InvalidDataException($"'{labelPath}' holds label {b}; {name} has {classes.Length} classes."));
        return new ImageDataset(name, pixels, label, VectorShape.ForImage(1, rows, columns), classes);
    }
}
