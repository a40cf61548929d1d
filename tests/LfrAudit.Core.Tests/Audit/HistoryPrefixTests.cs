using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>
/// A log against a history seen before (a head kept by the IAG, or the live log): it extends it only if its first
/// entries are exactly that history; shorter is a rollback, and any one entry changed among them is a rewrite.
/// </summary>
public class HistoryPrefixTests
{
    private static List<string> Lines(int n, string salt) => Enumerable.Range(0, n).Select(i => $"{{\"entry\":{i},\"salt\":\"{salt}\"}}").ToList();

    private static byte[] Root(IEnumerable<string> lines)
    {
        var tree = new MerkleTree();
        foreach (var l in lines) tree.Append(System.Text.Encoding.UTF8.GetBytes(l));
        return tree.Root();
    }

    private static MerkleTree Tree(IEnumerable<string> lines)
    {
        var tree = new MerkleTree();
        foreach (var l in lines) tree.Append(System.Text.Encoding.UTF8.GetBytes(l));
        return tree;
    }

    // Sizes of what was seen and of the log now, and one entry to change.
    private static readonly Gen<(int Seen, int Now, int At)> Cases =
        from seen in Gen.Choose(1, 70)
        from now in Gen.Choose(0, 90)
        from at in Gen.Choose(0, 89)
        select (seen, now, at);

    [Fact]
    public void A_log_extends_what_was_seen_only_when_it_is_at_least_as_long_and_begins_with_it()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var seenLines = Lines(c.Seen, "a");
            var root = Root(seenLines);
            var grown = Lines(Math.Max(c.Now, c.Seen), "a");
            var rolledBack = Lines(Math.Min(c.Now, c.Seen - 1), "a");
            var rewritten = Lines(Math.Max(c.Now, c.Seen), "a");
            int at = c.At % c.Seen;
            rewritten[at] = rewritten[at].Replace("\"a\"", "\"b\"", StringComparison.Ordinal);
            var changedLater = Lines(c.Seen + 1 + c.At, "a");
            changedLater[^1] = changedLater[^1].Replace("\"a\"", "\"b\"", StringComparison.Ordinal); // after what was seen: growth
            return HistoryPrefix.Against(grown, c.Seen, root) == PrefixVerdict.Extends
                && HistoryPrefix.Against(rolledBack, c.Seen, root) == PrefixVerdict.Shorter
                && HistoryPrefix.Against(rewritten, c.Seen, root) == PrefixVerdict.Rewritten
                && HistoryPrefix.Against(changedLater, c.Seen, root) == PrefixVerdict.Extends;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Every_log_extends_the_empty_one() =>
        Assert.Equal(PrefixVerdict.Extends, HistoryPrefix.Against([], 0, MerkleTree.EmptyRoot));

    [Fact]
    public void The_first_entry_a_live_log_does_not_hold_is_named()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var live = Tree(Lines(c.Now, "a"));
            var export = Lines(c.Seen, "a");
            long? expected = c.Seen <= c.Now ? null : c.Now; // a prefix of the live log, or it runs past its end
            if (HistoryPrefix.FirstDifference(live, export) != expected) return false;
            if (c.Now == 0) return true;
            int at = c.At % Math.Min(c.Seen, c.Now);
            export[at] = export[at].Replace("\"a\"", "\"b\"", StringComparison.Ordinal);
            return HistoryPrefix.FirstDifference(live, export) == at;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
