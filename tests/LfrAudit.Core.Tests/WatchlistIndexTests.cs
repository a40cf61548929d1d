using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Core.Tests;

public class WatchlistIndexTests
{
    private static WatchlistEntry Entry(string id) =>
        new(new WatchlistEntryId(id), WatchlistCategory.CourtWarrant, "s", "a", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, []);

    private static WatchlistIndex Index(params (string Id, float[] V)[] templates)
    {
        var entries = templates.Select(t => t.Id).Distinct().Select(Entry).ToList();
        return new WatchlistIndex(3, entries, templates.Select(t => (new WatchlistEntryId(t.Id), (ReadOnlyMemory<float>)t.V)));
    }

    [Fact]
    public void Best_is_the_highest_cosine_and_scores_are_cosines()
    {
        var index = Index(("A", [1, 0, 0]), ("B", [0, 1, 0]), ("C", [1, 1, 0]));
        var probe = new float[] { 1, 0.2f, 0 };
        EmbeddingBatch.Normalise(probe);
        var best = index.Best(probe)!.Value;
        Assert.Equal("A", best.Entry.Value);
        Assert.Equal(1 / MathF.Sqrt(1.04f), best.Score, 4);
    }

    [Fact]
    public void An_entry_with_several_images_scores_as_its_best_and_appears_once_in_top_k()
    {
        var index = Index(("A", [1, 0, 0]), ("A", [0.9f, 0.1f, 0]), ("B", [0, 1, 0]), ("C", [0, 0, 1]));
        Span<Candidate> top = new Candidate[3];
        int n = index.TopK(new float[] { 1, 0, 0 }, top);
        Assert.Equal(3, n);
        Assert.Equal(["A", "B", "C"], top.ToArray().Select(c => c.Entry.Value).Order());
        Assert.Equal("A", top[0].Entry.Value);
        Assert.Equal(1f, top[0].Score, 5);
        Assert.True(top[0].Score >= top[1].Score && top[1].Score >= top[2].Score);
    }

    [Fact]
    public void Top_k_matches_a_brute_force_ranking_on_random_data()
    {
        var rng = new Random(3);
        var templates = Enumerable.Range(0, 200).Select(i => ($"E{i % 60}", new float[] { (float)rng.NextDouble() - .5f, (float)rng.NextDouble() - .5f, (float)rng.NextDouble() - .5f })).ToArray();
        var index = Index(templates);
        for (int trial = 0; trial < 20; trial++)
        {
            var probe = new float[] { (float)rng.NextDouble() - .5f, (float)rng.NextDouble() - .5f, (float)rng.NextDouble() - .5f };
            EmbeddingBatch.Normalise(probe);
            var expected = templates.GroupBy(t => t.Item1)
                .Select(g => (Id: g.Key, Score: g.Max(t => Cos(probe, t.Item2))))
                .OrderByDescending(x => x.Score).Take(5).Select(x => x.Id).ToList();
            var top = new Candidate[5];
            index.TopK(probe, top);
            Assert.Equal(expected, top.Select(c => c.Entry.Value).ToList());
            Assert.Equal(expected[0], index.Best(probe)!.Value.Entry.Value);
        }
    }

    private static float Cos(float[] a, float[] b)
    {
        var n = (float[])b.Clone();
        EmbeddingBatch.Normalise(n);
        return a.Zip(n, (x, y) => x * y).Sum();
    }

    [Fact]
    public void Empty_watchlist_has_no_best() => Assert.Null(Index().Best(new float[] { 1, 0, 0 }));

    [Fact]
    public void A_probe_of_the_wrong_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => Index(("A", [1, 0, 0])).Best(new float[] { 1, 0 }));

    [Fact]
    public void A_template_for_an_unknown_entry_is_refused() =>
        Assert.Throws<LfrInputException>(() => new WatchlistIndex(3, [Entry("A")], [(new WatchlistEntryId("B"), new float[] { 1, 0, 0 })]));

    [Fact]
    public void Embedding_batch_is_wiped_on_dispose()
    {
        var batch = new EmbeddingBatch(2, 3);
        batch.Row(1).Fill(7);
        var view = typeof(EmbeddingBatch).GetField("_buffer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var buffer = (float[])view.GetValue(batch)!;
        Assert.Contains(7f, buffer);
        batch.Dispose();
        Assert.DoesNotContain(7f, buffer);
        Assert.Throws<ObjectDisposedException>(() => batch.Row(0));
    }
}
