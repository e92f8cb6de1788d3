using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Plotting;
using Microsoft.ML;
using Xunit;

namespace GenAi.MLNet.Tests.Plotting;

public class ImageBatchTests
{
    [Fact]
    public void Captions_come_from_key_columns_as_class_names()
    {
        var fashion = new InMemoryDataView.Builder()
            .AddVector("Features", new float[3 * 64], 64, [1, 8, 8])
            .AddKey("Label", [2, 0, 1], ["Coat", "Bag", "Sandal"])
            .AddScalar("Score", [0.123f, 1f, 2.5f])
            .Build();
        Assert.Equal(["Sandal", "Coat", "Bag"], ImageBatch.FromDataView(fashion, captionColumnName: "Label").Captions!.ToArray());
        Assert.Equal(["0.12", "1", "2.5"], ImageBatch.FromDataView(fashion, captionColumnName: "Score").Captions!.ToArray());
    }

    [Fact]
    public void Colour_images_of_any_size_show_their_first_channel()
    {
        var colour = new InMemoryDataView.Builder().AddVector("Features", new float[2 * 3 * 12 * 20], 3 * 12 * 20, [3, 12, 20]).Build();
        var batch = ImageBatch.FromDataView(colour);
        Assert.Equal((12, 20, 2), (batch.Height, batch.Width, batch.Images.Count));
    }

    [Fact]
    public void Long_titles_wrap_to_fit_the_figure()
    {
        var title = string.Join(" ", Enumerable.Repeat("a long title word", 20));
        var wrapped = Plots.Wrap(title, 720, 16);
        Assert.Contains('\n', wrapped);
        Assert.All(wrapped.Split('\n'), line => Assert.True(line.Length * 16 * 0.58 <= 720, line));
        Assert.Equal(title, wrapped.Replace('\n', ' '));
        var grid = new ImageBatch([new float[64]], 8, 8, title: title).ToPlot();
        Assert.True(grid.Width <= 640);
    }
}
