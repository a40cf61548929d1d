using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Publishing.Documents;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Publishing.Tests;

/// <summary>What the IAG and the public read is words, never an identifier as the log stores it.</summary>
public class PublicWordingTests
{
    public static TheoryData<RunEnd> RunEnds() => [.. Enum.GetValues<RunEnd>()];

    [Theory]
    [MemberData(nameof(RunEnds))]
    public void Every_way_a_run_can_end_reads_as_words_not_as_the_value_the_log_stores(RunEnd end)
    {
        // As the log records it, e.g. "plannedendreached": a new way to end without words here fails this test.
        var at = DateTimeOffset.UnixEpoch;
        var logged = new RunSummary(new Core.Identifiers.RunId("run-1"), end, at, at, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []).Event().End;
        var words = PublicWording.RunEnd(logged);
        Assert.NotEqual(logged, words);
        Assert.Contains(' ', words);
    }

    [Fact]
    public void A_value_no_version_wrote_is_shown_as_logged() => Assert.Equal("exploded", PublicWording.RunEnd("exploded"));
}
