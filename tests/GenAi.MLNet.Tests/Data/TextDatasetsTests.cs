using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using Xunit;

namespace GenAi.MLNet.Tests.Data;

public sealed class TextDatasetsTests
{
    [Fact]
    public void SpamAssassin_has_the_provenance_counts()
    {
        var emails = TextDatasets.SpamAssassin();
        Assert.Equal(6046, emails.Count);
        Assert.Equal(1896, emails.Count(e => e.IsSpam));
        Assert.Equal(["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"], emails.Select(e => e.Folder).Distinct().Order());
        Assert.All(emails, e => Assert.Equal(e.IsSpam, e.Folder.StartsWith("spam", System.StringComparison.Ordinal)));
        Assert.Equal("Re: New Sequences Window", emails[0].Subject);
        Assert.Contains("\n", emails[0].Body, System.StringComparison.Ordinal); // quoted fields keep their line breaks
    }

    [Fact]
    public void Csv_fields_may_hold_commas_line_breaks_and_doubled_quotes()
    {
        var records = TextDatasets.ReadCsv(new StringReader("a,b\r\n\"x, y\",\"line 1\nline \"\"2\"\"\"\n,last")).ToArray();
        Assert.Equal(3, records.Length);
        Assert.Equal(["a", "b"], records[0]);
        Assert.Equal(["x, y", "line 1\nline \"2\""], records[1]);
        Assert.Equal(["", "last"], records[2]);
    }

    [Fact]
    public void Own_text_drops_quotes_signatures_and_footers()
    {
        var email = new SpamEmail(false, "easy-ham-1", "1", "Re: hello", "Sure, I agree.\nJohn wrote:\n> the old text\n  > more\nSee you.\n-- \nJane\n");
        Assert.Equal("Sure, I agree.\nSee you.", email.OwnText());
        var listed = new SpamEmail(false, "easy-ham-1", "2", "x", "Body line\n_______________________________________________\nList mailing list");
        Assert.Equal("Body line", listed.OwnText());
        var spam = TextDatasets.SpamAssassin().Take(300).ToArray();
        Assert.All(spam, e => Assert.DoesNotContain("\n>", "\n" + e.OwnText(), System.StringComparison.Ordinal));
    }
}
