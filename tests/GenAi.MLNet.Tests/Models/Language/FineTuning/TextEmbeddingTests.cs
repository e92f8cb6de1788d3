using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Models.Language;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Language.FineTuning;

/// <summary>Contextual embeddings from the pre-trained GPT, as features of an ML.NET trainer and after a save and load.</summary>
[Collection(TorchCollection.Name)]
public sealed class TextEmbeddingTests(ITestOutputHelper output)
{
    [Fact]
    public void Embeddings_feed_an_mlnet_trainer_and_survive_a_save_and_load()
    {
        var ml = new MLContext(1);
        var train = TextClassifierTests.Subjects(ml, 0, 1000);
        var test = TextClassifierTests.Subjects(ml, 1000, 500);
        var pipeline = ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, "Features", "Sentence1")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .AppendCacheCheckpoint(ml) // SDCA passes over the data many times: embed once
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        output.WriteLine($"pre-trained GPT embeddings + SDCA: AUC {metrics.AreaUnderRocCurve:F3}, accuracy {metrics.Accuracy:F3}");
        Assert.True(metrics.AreaUnderRocCurve > 0.8, $"AUC {metrics.AreaUnderRocCurve:F3}");

        var embedding = ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, "Features", "Sentence1").Fit(train);
        Assert.Equal(64, ((VectorDataViewType)embedding.GetOutputSchema(test.Schema)["Features"].Type).Size);
        var expected = embedding.Transform(test).GetColumn<float[]>("Features").Take(20).ToArray();
        Assert.Equal(expected[0], embedding.Embed(test.GetColumn<string>("Sentence1").First()), new FloatArrayComparer(1e-5f));
        var path = Path.Combine(Path.GetTempPath(), $"embedding-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(embedding, test.Schema, path);
            var loaded = new MLContext(5).Model.Load(path, out _);
            Assert.Equal(expected, loaded.Transform(test).GetColumn<float[]>("Features").Take(20).ToArray());
        }
        finally
        {
            File.Delete(path);
        }

        embedding.Dispose();
        Assert.Throws<ObjectDisposedException>(() => embedding.Embed("free money"));
    }

    [Fact]
    public void A_text_has_the_same_vector_whatever_its_batch_and_bad_inputs_are_named()
    {
        var ml = new MLContext(1);
        var embedding = ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, pooling: TextPooling.Last).Fit(ml.Data.LoadFromEnumerable(new[] { new Row { Text = "a" } }));
        var rows = ml.Data.LoadFromEnumerable(new[] { "Re: meeting on Friday", "FREE!!! Act now", "", "A rather longer subject line about the budget for next year" }.Select(t => new Row { Text = t }));
        var batch = embedding.Transform(rows).GetColumn<float[]>("Embedding").ToArray();
        Assert.Equal(embedding.Embed("FREE!!! Act now"), batch[1], new FloatArrayComparer(1e-5f));
        Assert.Equal(embedding.Embed(""), batch[2], new FloatArrayComparer(1e-5f));
        Assert.NotEqual(batch[0], batch[1]);

        Assert.Equal("pooling", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, pooling: TextPooling.First)).ParamName);
        Assert.Equal("maxTokens", Assert.ThrowsAny<ArgumentException>(() => ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, maxTokens: 0)).ParamName);
        var missing = Assert.ThrowsAny<ArgumentException>(() => ml.Generative().TextEmbedding(TextClassifierTests.s_gpt.Value, inputColumnName: "Body").Fit(rows));
        Assert.Contains("'Body'", missing.Message, StringComparison.Ordinal);
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }

    private sealed class FloatArrayComparer(float tolerance) : System.Collections.Generic.IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.Length == y!.Length && x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= tolerance);

        public int GetHashCode(float[] obj) => obj.Length;
    }
}
