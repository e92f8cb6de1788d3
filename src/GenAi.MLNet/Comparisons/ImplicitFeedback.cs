using System;
using System.Collections.Generic;
using System.Linq;
using GenAi.MLNet.Core;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace GenAi.MLNet.Comparisons;

/// <summary>
/// Ratings turned into implicit feedback with held-out users, the protocol of Liang et al. (2018): positive
/// interactions only, users split into training and test users, each test user's items split into the ones shown
/// to a model (fold-in) and the ones it must recommend (held out). Made by
/// <see cref="RecommendationCatalog.PrepareImplicitFeedback"/>; models train on <see cref="Train"/>, score
/// <see cref="FoldIn"/>, and are ranked by <see cref="Evaluate"/>.
/// </summary>
public sealed class ImplicitFeedback
{
    private readonly int[][] _trainItems;

    internal ImplicitFeedback(string columnName, string[] itemIds, int[][] trainItems, int[][] foldIn, int[][] heldOut)
    {
        ColumnName = columnName;
        ItemIds = itemIds;
        _trainItems = trainItems;
        FoldInItems = foldIn;
        HeldOut = heldOut;
        Train = MultiHot(trainItems);
        FoldIn = MultiHot(foldIn);
    }

    /// <summary>The multi-hot item column of <see cref="Train"/> and <see cref="FoldIn"/>.</summary>
    public string ColumnName { get; }

    /// <summary>The items (those some training user interacted with), in column order.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Items, the width of the item column.</summary>
    public int ItemCount => ItemIds.Count;

    /// <summary>Training users: one row each, a multi-hot vector of Single (1 = interacted).</summary>
    public IDataView Train { get; }

    /// <summary>Test users: one row each, only their fold-in items set.</summary>
    public IDataView FoldIn { get; }

    /// <summary>Each test user's fold-in item indices.</summary>
    public IReadOnlyList<int[]> FoldInItems { get; }

    /// <summary>Each test user's held-out item indices (what a recommender should rank high).</summary>
    public IReadOnlyList<int[]> HeldOut { get; }

    /// <summary>Training users.</summary>
    public int TrainUsers => _trainItems.Length;

    /// <summary>Test users.</summary>
    public int TestUsers => HeldOut.Count;

    /// <summary>The traditional baseline: every test user gets the items most training users interacted with.</summary>
    public float[][] PopularityScores()
    {
        var counts = new float[ItemCount];
        foreach (var items in _trainItems)
        {
            foreach (var i in items)
            {
                counts[i]++;
            }
        }

        return HeldOut.Select(_ => (float[])counts.Clone()).ToArray();
    }

    /// <summary>
    /// Item-based collaborative filtering (Sarwar et al. 2001): the cosine similarity of items over the training users,
    /// each item keeping its <paramref name="neighbours"/> most similar; a test user's score for an item is the sum of
    /// its similarities to the user's fold-in items.
    /// </summary>
    public float[][] ItemKnnScores(int neighbours = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Dense(_trainItems);                                          // (U, I)
        var norms = x.sum([0L]).sqrt().ClampMin(1e-6);                       // (I): sqrt of each item's count
        var similarity = x.t().matmul(x) / norms.unsqueeze(1) / norms.unsqueeze(0); // (I, I) cosine
        similarity.diagonal().zero_();                                      // an item is not its own neighbour
        var k = Math.Min(neighbours, ItemCount - 1);
        var (values, indices) = similarity.topk(k, dim: 1);                  // (I, k) each item's nearest items
        var sparse = zeros_like(similarity).scatter_(1, indices, values);    // (I, I) only the neighbours kept
        var scores = Dense(FoldInItems.ToArray()).matmul(sparse);            // (T, I) sum over the user's items
        return Rows(scores);
    }

    /// <summary>
    /// ML.NET's field-aware factorization machine (Juan et al. 2016) as a recommender: two fields, the user (one-hot)
    /// and the item (one-hot), trained on every interaction of the training users and the test users' fold-in items
    /// (label true) against <paramref name="negativesPerPositive"/> random items each user did not touch (label false);
    /// a test user's score for an item is the model's score of the pair. The latent factors of users and items make
    /// it matrix factorization in ML.NET's clothes.
    /// </summary>
    /// <param name="mlContext">The context (its seed draws the negatives and initialises the model).</param>
    /// <param name="latentDimension">Latent factors per field.</param>
    /// <param name="negativesPerPositive">Unobserved items sampled per interaction.</param>
    /// <param name="iterations">Passes of the trainer.</param>
    public float[][] FactorizationMachineScores(MLContext mlContext, int latentDimension = 20, int negativesPerPositive = 4, int iterations = 10)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(negativesPerPositive, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var random = new Random(((Microsoft.ML.Runtime.IHostEnvironment)mlContext).Register(nameof(FactorizationMachineScores)).Rand.Next());
        var users = _trainItems.Concat(FoldInItems).ToArray();                      // test users after the training users
        var pairs = new List<Pair>();
        for (var u = 0; u < users.Length; u++)
        {
            var seen = users[u].ToHashSet();
            foreach (var item in users[u])
            {
                pairs.Add(new Pair { User = (uint)u + 1, Item = (uint)item + 1, Label = true });
                for (var n = 0; n < negativesPerPositive; n++)
                {
                    int other;
                    do
                    {
                        other = random.Next(ItemCount);
                    }
                    while (seen.Contains(other));
                    pairs.Add(new Pair { User = (uint)u + 1, Item = (uint)other + 1, Label = false });
                }
            }
        }

        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(Pair));
        schema[nameof(Pair.User)].ColumnType = new KeyDataViewType(typeof(uint), users.Length);
        schema[nameof(Pair.Item)].ColumnType = new KeyDataViewType(typeof(uint), ItemCount);
        var training = mlContext.Data.LoadFromEnumerable(pairs, schema);
        var model = mlContext.Transforms.Conversion.MapKeyToVector("UserVector", nameof(Pair.User))
            .Append(mlContext.Transforms.Conversion.MapKeyToVector("ItemVector", nameof(Pair.Item)))
            .Append(mlContext.BinaryClassification.Trainers.FieldAwareFactorizationMachine(new Microsoft.ML.Trainers.FieldAwareFactorizationMachineTrainer.Options
            {
                FeatureColumnName = "UserVector", ExtraFeatureColumns = ["ItemVector"], LabelColumnName = nameof(Pair.Label),
                LatentDimension = latentDimension, NumberOfIterations = iterations, Shuffle = true,
            }))
            .Fit(mlContext.Data.Cache(training));
        var result = new float[TestUsers][];
        for (var t = 0; t < TestUsers; t++)
        {
            var user = (uint)(_trainItems.Length + t + 1);
            var rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, ItemCount).Select(i => new Pair { User = user, Item = (uint)i + 1 }), schema);
            result[t] = model.Transform(rows).GetColumn<float>("Score").ToArray();
        }

        return result;
    }

    /// <summary>Reads a model's per-item scores of the test users, e.g. a VAE's <c>Reconstruction</c> of <see cref="FoldIn"/>.</summary>
    /// <exception cref="ArgumentException">The column is missing or not one score per item.</exception>
    public float[][] ScoresFrom(IDataView scoredFoldIn, string columnName)
    {
        ArgumentNullException.ThrowIfNull(scoredFoldIn);
        var shape = Core.Columns.FeatureInput.ShapeOf(scoredFoldIn.Schema, columnName);
        if (shape.Size != ItemCount)
        {
            throw new ArgumentException($"Column '{columnName}' has {shape.Size} values per row; there are {ItemCount} items.", nameof(columnName));
        }

        var rows = scoredFoldIn.GetColumn<VBuffer<float>>(columnName).Select(v => v.DenseValues().ToArray()).ToArray();
        if (rows.Length != TestUsers)
        {
            throw new ArgumentException($"The scored view has {rows.Length} rows; there are {TestUsers} test users (score FoldIn).", nameof(scoredFoldIn));
        }

        return rows;
    }

    /// <summary>Recall@k and NDCG@k of per-item scores of the test users (fold-in items never count as recommendations).</summary>
    public RankingScores Evaluate(float[][] scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != TestUsers || scores.Any(s => s.Length != ItemCount))
        {
            throw new ArgumentException($"Give one row of {ItemCount} scores per test user ({TestUsers}).", nameof(scores));
        }

        return RankingScores.Compute(scores, HeldOut, FoldInItems, k);
    }

    private InMemoryDataView MultiHot(int[][] users)
    {
        var values = new float[users.Length * ItemCount];
        for (var u = 0; u < users.Length; u++)
        {
            foreach (var i in users[u])
            {
                values[(u * ItemCount) + i] = 1;
            }
        }

        return new InMemoryDataView.Builder().AddVector(ColumnName, values, ItemCount).Build();
    }

    private Tensor Dense(int[][] users)
    {
        var x = zeros(users.Length, ItemCount);
        for (var u = 0; u < users.Length; u++)
        {
            if (users[u].Length > 0)
            {
                x[u].index_put_(1f, tensor(users[u].Select(i => (long)i).ToArray()));
            }
        }

        return x;
    }

    private static float[][] Rows(Tensor scores)
    {
        var (n, d) = ((int)scores.shape[0], (int)scores.shape[1]);
        var flat = new float[n * d];
        TensorIO.CopyTo(scores.contiguous(), flat);
        return Enumerable.Range(0, n).Select(u => flat.AsSpan(u * d, d).ToArray()).ToArray();
    }

    private sealed class Pair
    {
        public uint User { get; set; }

        public uint Item { get; set; }

        public bool Label { get; set; }
    }
}
