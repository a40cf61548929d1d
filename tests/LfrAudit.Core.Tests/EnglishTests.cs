using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LfrAudit.Core.Wording;

namespace LfrAudit.Core.Tests;

public class EnglishTests
{
    [Theory]
    [InlineData("Inspector", "an Inspector")]
    [InlineData("Acting Superintendent", "an Acting Superintendent")]
    [InlineData("Assistant Chief Constable", "an Assistant Chief Constable")]
    [InlineData("Superintendent", "a Superintendent")]
    [InlineData("Chief Superintendent", "a Chief Superintendent")]
    public void A_rank_takes_the_article_it_is_spoken_with(string rank, string expected) => Assert.Equal(expected, English.WithArticle(rank));

    [Property]
    public Property A_count_of_one_is_singular_and_every_other_plural(long n) =>
        (English.Count(n, "alert").EndsWith(n == 1 ? " alert" : " alerts", StringComparison.Ordinal)
         && English.Count(n, "person", "people").EndsWith(n == 1 ? " person" : " people", StringComparison.Ordinal)).ToProperty();
}
