using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GenAi.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Data;

public class ImageDatasetsTests
{
    [Fact]
    public void Mnist_has_features_in_the_unit_interval_key_labels_and_the_image_shape()
    {
        var mnist = TestData.Mnist;
        Assert.Equal(10_000, mnist.Count);
        var view = mnist.ToDataView();
        var features = (VectorDataViewType)view.Schema["Features"].Type;
        Assert.Equal([1, 28, 28], features.Dimensions.ToArray());
        var label = (KeyDataViewType)view.Schema["Label"].Type;
        Assert.Equal(10ul, label.Count);
        Assert.All(mnist.Image(3), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 10), mnist.Labels.Take(20)); // interleaved classes
        Assert.Equal(1u, view.GetColumn<uint>("Label").First()); // key 1 = class 0
    }

    [Fact]
    public void Fashion_mnist_and_digits_load()
    {
        Assert.Equal(10_000, ImageDatasets.FashionMnist(FashionMnistPart.Test).Count);
        var digits = TestData.Digits;
        Assert.Equal(1797, digits.Count);
        Assert.Equal([1, 8, 8], digits.Shape.Dimensions);
        Assert.Equal(1f, digits.Images().SelectMany(i => i).Max());
    }

    [Fact]
    public void Splits_are_seeded_by_the_MLContext_and_disjoint()
    {
        var a = TestData.Digits.Split(new MLContext(5), 0.2, 0.2);
        var b = TestData.Digits.Split(new MLContext(5), 0.2, 0.2);
        var c = TestData.Digits.Split(new MLContext(6), 0.2, 0.2);
        Assert.Equal(a.Train.Labels, b.Train.Labels);
        Assert.NotEqual(a.Train.Labels, c.Train.Labels);
        Assert.Equal(TestData.Digits.Count, a.Train.Count + a.Validation.Count + a.Test.Count);
        var train = a.Train.Images().Select(i => string.Join(",", i)).ToHashSet();
        Assert.Equal(359, a.Test.Count);
        Assert.True(a.Test.Images().Count(i => train.Contains(string.Join(",", i))) < 5); // a few digits are duplicated in UCI data
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("genai-data").FullName;
        var e = Assert.Throws<FileNotFoundException>(() => ImageDatasets.Mnist(dir));
        Assert.Contains("mnist-10k-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_or_truncated_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("genai-data").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        var source = DataDirectory.Find();
        File.Copy(Path.Combine(source, "images/mnist-10k-labels-idx1-ubyte.gz"), Path.Combine(dir, "images/mnist-10k-labels-idx1-ubyte.gz"));

        // Not gzip at all.
        File.WriteAllText(Path.Combine(dir, "images/mnist-10k-images-idx3-ubyte.gz"), "not a gzip file");
        var corrupt = Assert.Throws<InvalidDataException>(() => ImageDatasets.Mnist(dir));
        Assert.Contains("mnist-10k-images-idx3-ubyte.gz", corrupt.Message, StringComparison.Ordinal);

        // Valid gzip, truncated IDX payload.
        var bytes = Decompress(Path.Combine(source, "images/mnist-10k-images-idx3-ubyte.gz"));
        using (var output = new GZipStream(File.Create(Path.Combine(dir, "images/mnist-10k-images-idx3-ubyte.gz")), CompressionLevel.Fastest))
        {
            output.Write(bytes, 0, bytes.Length / 2);
        }

        var truncated = Assert.Throws<InvalidDataException>(() => ImageDatasets.Mnist(dir));
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("mnist-10k-images-idx3-ubyte.gz", truncated.Message, StringComparison.Ordinal);
    }

    private static byte[] Decompress(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        input.CopyTo(memory);
        return memory.ToArray();
    }
}
