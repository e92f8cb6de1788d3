using System;
using System.Globalization;
using System.Linq;
using GenAi.MLNet.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Data;

public sealed class SyntheticTextTests
{
    [Fact]
    public void Dates_are_distinct_valid_and_written_both_ways()
    {
        var dates = SyntheticText.Dates(2000, 7);
        Assert.Equal(2000, dates.Select(d => d.Source).Distinct().Count());
        Assert.All(dates, d =>
        {
            var iso = DateOnly.ParseExact(d.Source, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Equal(iso, DateOnly.ParseExact(d.Target, "d MMMM yyyy", CultureInfo.InvariantCulture));
            Assert.InRange(iso.Year, 1700, 2099);
        });
        Assert.Equal(dates, SyntheticText.Dates(2000, 7));
        Assert.NotEqual(dates[0], SyntheticText.Dates(2000, 8)[0]);
    }

    [Fact]
    public void Sums_are_right_and_copies_repeat_the_source()
    {
        Assert.All(SyntheticText.Addition(500, 3, 1), p =>
        {
            var terms = p.Source.TrimEnd('=').Split('+').Select(int.Parse).ToArray();
            Assert.All(terms, t => Assert.InRange(t, 100, 999));
            Assert.Equal((terms[0] + terms[1]).ToString(CultureInfo.InvariantCulture), p.Target);
        });
        var copy = SyntheticText.Copy(100, 6, 10, 2);
        Assert.All(copy, p => Assert.Equal(p.Target + new string('.', 10) + "|", p.Source));
        Assert.Equal(0.5, SyntheticText.ExactMatch(["12", " 7 "], ["12", "8"]));
        Assert.Equal(4 / 6.0, SyntheticText.CharacterAccuracy(["123", "45"], ["124", "456"]), 10); // 2 of 3, then 2 of 3 (the missing 6 counts)
    }

    [Fact]
    public void Impossible_requests_are_named()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticText.Dates(0, 1)).ParamName);
        Assert.Equal("digits", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticText.Addition(10, 10, 1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticText.Addition(100, 1, 1)).ParamName);
        Assert.Equal("gap", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticText.Copy(1, 3, -1, 1)).ParamName);
        Assert.Equal("predictions", Assert.Throws<ArgumentException>(() => SyntheticText.ExactMatch(["a"], [])).ParamName);
    }
}
