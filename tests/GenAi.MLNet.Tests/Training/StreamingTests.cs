using System.Linq;
using GenAi.MLNet.Models.Autoencoders;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Training;

[Collection(TorchCollection.Name)]
public class StreamingTests
{
    [Fact]
    public void Data_larger_than_the_memory_budget_is_streamed_from_cursors_and_still_trains_reproducibly()
    {
        VaeTransformer Fit(long maxBytes, int seed) => new MLContext(seed).Generative().Vae(new VaeOptions
        {
            Epochs = 4, BatchSize = 64, LatentDimension = 4, HiddenSizes = [32], MaxInMemoryBytes = maxBytes,
        }).Fit(TestData.Digits.Take(800).ToDataView());

        var streamed = Fit(0, 1);
        var again = Fit(0, 1);
        var inMemory = Fit(long.MaxValue, 1);
        var history = streamed.History.Epochs;
        Assert.True(history[^1].TrainLoss < 0.9 * history[0].TrainLoss, streamed.History.ToString());
        var test = TestData.Digits.Select(Enumerable.Range(1000, 200).ToArray()).ToDataView();
        Assert.Equal(streamed.Transform(test).GetColumn<float>("NegativeElbo"), again.Transform(test).GetColumn<float>("NegativeElbo"));
        // Both paths learn about equally well (they shuffle differently).
        var a = streamed.Transform(test).GetColumn<float>("NegativeElbo").Average();
        var b = inMemory.Transform(test).GetColumn<float>("NegativeElbo").Average();
        Assert.InRange(a / b, 0.9, 1.1);
    }
}
