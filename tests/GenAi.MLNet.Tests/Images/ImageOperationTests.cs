using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Images;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Images;

public sealed class ImageOperationTests
{
    private static InMemoryDataView OneImage(float[] pixels, int c, int h, int w)
        => new InMemoryDataView.Builder().AddVector("Image", pixels, pixels.Length, [c, h, w]).Build();

    [Fact]
    public void Downscaling_averages_each_block()
    {
        var pixels = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();   // 4×4: rows 0–3, 4–7, …
        var ml = new MLContext(1);
        var data = OneImage(pixels, 1, 4, 4);
        var result = TestData.ReadColumns(ml.Generative().DownscaleImages("Small", "Image").Fit(data).Transform(data), "Small")[0];
        Assert.Equal([2.5f, 4.5f, 10.5f, 12.5f], result);
    }

    [Fact]
    public void Upscaling_keeps_a_flat_image_flat_and_stays_in_the_images_range()
    {
        var ml = new MLContext(1);
        var flat = OneImage(Enumerable.Repeat(0.25f, 3 * 5 * 7).ToArray(), 3, 5, 7);
        var model = ml.Generative().UpscaleImages("Large", "Image", factor: 3).Fit(flat);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3, 15, 21), model.Transform(flat).Schema["Large"].Type);
        Assert.All(TestData.ReadColumns(model.Transform(flat), "Large")[0], v => Assert.Equal(0.25f, v, 1e-6f));

        var step = OneImage(Enumerable.Range(0, 64).Select(i => i % 8 < 4 ? 0f : 1f).ToArray(), 1, 8, 8);
        var up = TestData.ReadColumns(ml.Generative().UpscaleImages("Large", "Image").Fit(step).Transform(step), "Large")[0];
        Assert.True(up.Min() >= 0 && up.Max() <= 1, $"[{up.Min()}, {up.Max()}]");
        Assert.Contains(up, v => v > 0.05 && v < 0.95);   // interpolated, not nearest
    }

    [Fact]
    public void Edges_outline_a_square()
    {
        var pixels = new float[10 * 10];
        for (var y = 3; y < 7; y++)
        {
            for (var x = 3; x < 7; x++)
            {
                pixels[(y * 10) + x] = 1;
            }
        }

        var ml = new MLContext(1);
        var data = OneImage(pixels, 1, 10, 10);
        var edges = TestData.ReadColumns(ml.Generative().DetectEdges("Edges", "Image").Fit(data).Transform(data), "Edges")[0];
        Assert.Equal(0f, edges[0]);            // far corner
        Assert.Equal(0f, edges[(5 * 10) + 5]);   // inside the square: every neighbour is 1
        Assert.Equal(1f, edges[(5 * 10) + 3]);   // left border of the square
        Assert.Equal(1f, edges[(3 * 10) + 5]);   // top border
        Assert.All(edges, v => Assert.True(v is 0f or 1f));
    }

    [Fact]
    public void A_pipeline_of_operations_round_trips_in_one_zip()
    {
        var ml = new MLContext(1);
        var data = TestData.Digits.Take(20).ToDataView();
        var model = ml.Generative().DownscaleImages("Small", "Features")
            .Append(ml.Generative().UpscaleImages("Bicubic", "Small"))
            .Append(ml.Generative().DetectEdges("Edges", "Features", threshold: 0.4))
            .Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"genai-imageops-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var loaded = new MLContext(2).Model.Load(path, out _);
            Assert.Equal(TestData.ReadColumns(model.Transform(data), "Small", "Bicubic", "Edges"), TestData.ReadColumns(loaded.Transform(data), "Small", "Bicubic", "Edges"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_columns_and_options_are_reported_by_name()
    {
        var ml = new MLContext(1);
        var data = new InMemoryDataView.Builder().AddVector("Odd", new float[25], 25, [1, 5, 5]).AddVector("Flat", new float[25], 25).Build();
        var e = Assert.Throws<ArgumentException>(() => ml.Generative().DownscaleImages("Small", "Odd").Fit(data));
        Assert.Contains("'Odd'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ml.Generative().UpscaleImages("Large", "Flat").Fit(data));
        Assert.Contains("'Flat'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => ml.Generative().UpscaleImages("Large", "Missing").Fit(data));
        Assert.Contains("'Missing'", e.Message, StringComparison.Ordinal);
        Assert.Equal("Factor", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().DownscaleImages("Small", "Odd", factor: 0)).ParamName);
        Assert.Equal("EdgeThreshold", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().DetectEdges("E", "Odd", threshold: 1)).ParamName);
        Assert.Equal("OutputColumnName", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().DownscaleImages("", "Odd")).ParamName);
    }
}
