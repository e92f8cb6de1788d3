using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Comparisons;
using GenAi.MLNet.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet;

/// <summary>Recommendation with held-out users on <see cref="GenerativeCatalog"/>: the data protocol and the comparison of recommenders.</summary>
public static class RecommendationCatalog
{
    /// <summary>
    /// Turns a ratings table (one row per user, item and rating, e.g. MovieLens) into implicit feedback with held-out
    /// users (Liang et al. 2018): ratings of at least <see cref="ImplicitFeedbackOptions.MinRating"/> become
    /// interactions, users with too few are dropped, a share of the users is held out, and each of them shows a model
    /// most of their items and keeps the rest to be recommended.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of an unsupported type (named).</exception>
    /// <exception cref="InvalidOperationException">Too few users remain after filtering (named counts).</exception>
    public static ImplicitFeedback PrepareImplicitFeedback(this GenerativeCatalog catalog, IDataView ratings, ImplicitFeedbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(ratings);
        options ??= new ImplicitFeedbackOptions();
        options.Validate();
        var users = Strings(ratings, options.UserColumnName, "User column");
        var items = Strings(ratings, options.ItemColumnName, "Item column");
        var values = options.RatingColumnName is { } rating ? Numbers(ratings, rating) : null;
        var byUser = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var r = 0; r < users.Length; r++)
        {
            if (values is null || values[r] >= options.MinRating)
            {
                if (!byUser.TryGetValue(users[r], out var set))
                {
                    byUser[users[r]] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(items[r]);
            }
        }

        var kept = byUser.Where(p => p.Value.Count >= options.MinUserInteractions).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        if (kept.Length < 10)
        {
            throw new InvalidOperationException(
                $"Only {kept.Length} users have at least {options.MinUserInteractions} interactions{(values is null ? "" : string.Create(CultureInfo.InvariantCulture, $" rated at least {options.MinRating}"))} (columns '{options.UserColumnName}', '{options.ItemColumnName}'): at least 10 are needed.");
        }

        var random = new Random(options.Seed ?? ((IHostEnvironment)catalog.Context).Register(nameof(PrepareImplicitFeedback)).Rand.Next());
        var order = kept.OrderBy(_ => random.Next()).ToArray();
        var testCount = Math.Max(1, (int)Math.Round(order.Length * options.TestUserFraction));
        var train = order.Skip(testCount).ToArray();
        var itemIds = train.SelectMany(p => p.Value).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        var index = itemIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var trainItems = train.Select(p => p.Value.Select(i => index[i]).OrderBy(i => i).ToArray()).ToArray();
        var foldIn = new List<int[]>();
        var heldOut = new List<int[]>();
        foreach (var (_, set) in order.Take(testCount))
        {
            var known = set.Where(index.ContainsKey).Select(i => index[i]).OrderBy(_ => random.Next()).ToArray(); // items no training user has are dropped
            if (known.Length < 2)
            {
                continue;
            }

            var shown = Math.Clamp((int)Math.Round(known.Length * options.FoldInFraction), 1, known.Length - 1);
            foldIn.Add(known.Take(shown).OrderBy(i => i).ToArray());
            heldOut.Add(known.Skip(shown).OrderBy(i => i).ToArray());
        }

        return new ImplicitFeedback(options.OutputColumnName, itemIds, trainItems, foldIn.ToArray(), heldOut.ToArray());
    }

    /// <summary>
    /// Ranks each recommender's per-item scores of the test users: Recall@20, Recall@50 and NDCG@100 (Liang et al.'s
    /// table), with the standard error over users.
    /// </summary>
    public static MetricsTable CompareRecommenders(this GenerativeCatalog catalog, ImplicitFeedback data, IEnumerable<(string Name, float[][] Scores)> recommenders,
        string title = "Recommenders on held-out users")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recommenders);
        var table = new MetricsTable(title, "Recall@20", "Recall@50", "NDCG@100", "± Recall@20", "± NDCG@100");
        foreach (var (name, scores) in recommenders)
        {
            var at20 = data.Evaluate(scores, 20);
            var at50 = data.Evaluate(scores, 50);
            var at100 = data.Evaluate(scores, 100);
            table.Add(name, at20.Recall, at50.Recall, at100.Ndcg, at20.RecallStandardError, at100.NdcgStandardError);
        }

        return table;
    }

    private static string[] Strings(IDataView data, string name, string role)
    {
        var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"{role} '{name}' not found.", nameof(data));
        return column.Type switch
        {
            TextDataViewType => data.GetColumn<string>(name).ToArray(),
            NumberDataViewType => Numbers(data, name).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(),
            KeyDataViewType => data.GetColumn<uint>(name).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            _ => throw new ArgumentException($"{role} '{name}' must hold numbers, text or keys; it is {column.Type}.", nameof(data)),
        };
    }

    private static double[] Numbers(IDataView data, string name)
    {
        var column = data.Schema.GetColumnOrNull(name) ?? throw new ArgumentException($"Rating column '{name}' not found.", nameof(data));
        if (column.Type is not NumberDataViewType)
        {
            throw new ArgumentException($"Rating column '{name}' must be numeric; it is {column.Type}.", nameof(data));
        }

        var result = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        var getter = RowCursorUtils.GetGetterAs<double>(NumberDataViewType.Double, cursor, column.Index);
        double value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (!double.IsFinite(value))
            {
                throw new InvalidOperationException($"Column '{name}', row {cursor.Position} holds {value}: ids and ratings must be finite numbers.");
            }

            result.Add(value);
        }

        return result.ToArray();
    }
}
