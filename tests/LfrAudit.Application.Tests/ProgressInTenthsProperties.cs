using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Application.Evaluation;

namespace LfrAudit.Application.Tests;

/// <summary>
/// Progress when output is not a terminal: whatever the reports (out of order, repeated, negative, past the end, a zero
/// total, from several threads), at most one line per tenth, in rising order, never a line past 100 %.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProgressInTenthsProperties
{
    [Fact]
    public void Any_sequence_of_reports_gives_at_most_one_rising_line_per_tenth()
    {
        var reports = Gen.ListOf(Gen.Choose(-5, 1200).Zip(Gen.Elements(0, 7, 100, 1000), (done, total) => (done, total))).Select(l => l.ToArray());
        Prop.ForAll(reports.ToArbitrary(), rs =>
        {
            var lines = new List<string>();
            var progress = new ProgressInTenths("embedding images", lines.Add);
            foreach (var r in rs) progress.Report(r);
            var percents = lines.Select(l => int.Parse(l[(l.LastIndexOf('(') + 1)..l.IndexOf(' ', l.LastIndexOf('('))], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return lines.Count <= 11 && percents.SequenceEqual(percents.Order().Distinct()) && percents.All(p => p is >= 0 and <= 100 && p % 10 == 0)
                && lines.All(l => l.StartsWith("embedding images: ", StringComparison.Ordinal));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reports_from_many_threads_give_no_tenth_twice_and_end_at_the_whole()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var progress = new ProgressInTenths("work", lines.Enqueue);
        Parallel.For(0, 10_001, i => progress.Report((i, 10_000)));
        // A thread ahead of the others may pass a tenth the others have not reported: skipped, never repeated.
        var tenths = lines.Select(l => l[(l.LastIndexOf('(') + 1)..]).ToList();
        Assert.Equal(tenths.Count, tenths.Distinct().Count());
        Assert.Contains("100 %)", tenths);
    }
}
