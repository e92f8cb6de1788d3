using System;

namespace GenAi.MLNet.Comparisons;

/// <summary>Options of <see cref="RecommendationCatalog.PrepareImplicitFeedback"/>: how ratings become held-out-user implicit feedback (Liang et al. 2018).</summary>
public sealed class ImplicitFeedbackOptions
{
    /// <summary>The user column (numbers or text). Default "userId".</summary>
    public string UserColumnName { get; set; } = "userId";

    /// <summary>The item column (numbers or text). Default "movieId".</summary>
    public string ItemColumnName { get; set; } = "movieId";

    /// <summary>The rating column; null counts every row as an interaction. Default "rating".</summary>
    public string? RatingColumnName { get; set; } = "rating";

    /// <summary>Ratings at or above this count as a positive interaction (Liang et al. keep four stars and up). Default 4.</summary>
    public double MinRating { get; set; } = 4;

    /// <summary>Users with fewer positive interactions are dropped. Default 5.</summary>
    public int MinUserInteractions { get; set; } = 5;

    /// <summary>Share of the users held out for testing (never seen in training). Default 0.2.</summary>
    public double TestUserFraction { get; set; } = 0.2;

    /// <summary>Share of each test user's items shown to the model (fold-in); the rest are to be recommended. Default 0.8.</summary>
    public double FoldInFraction { get; set; } = 0.8;

    /// <summary>Name of the multi-hot item vector column of <see cref="ImplicitFeedback.Train"/> and <see cref="ImplicitFeedback.FoldIn"/>. Default "Items".</summary>
    public string OutputColumnName { get; set; } = "Items";

    /// <summary>Seed of the user split and the fold-in split; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks every option; errors name the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(UserColumnName))
        {
            throw new ArgumentException("UserColumnName must name a column.", nameof(UserColumnName));
        }

        if (string.IsNullOrWhiteSpace(ItemColumnName))
        {
            throw new ArgumentException("ItemColumnName must name a column.", nameof(ItemColumnName));
        }

        if (RatingColumnName is not null && string.IsNullOrWhiteSpace(RatingColumnName))
        {
            throw new ArgumentException("RatingColumnName must name a column, or be null.", nameof(RatingColumnName));
        }

        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            throw new ArgumentException("OutputColumnName must name a column.", nameof(OutputColumnName));
        }

        if (!double.IsFinite(MinRating))
        {
            throw new ArgumentOutOfRangeException(nameof(MinRating), MinRating, "MinRating must be finite.");
        }

        if (MinUserInteractions < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinUserInteractions), MinUserInteractions, "MinUserInteractions must be at least 2 (a test user needs items to show and items to hide).");
        }

        if (!(TestUserFraction > 0 && TestUserFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TestUserFraction), TestUserFraction, "TestUserFraction must lie strictly between 0 and 1.");
        }

        if (!(FoldInFraction > 0 && FoldInFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FoldInFraction), FoldInFraction, "FoldInFraction must lie strictly between 0 and 1.");
        }
    }
}
