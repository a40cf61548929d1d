using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Identifiers;
using LfrAudit.Evaluation.Statistics;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Evaluation.ImageSets;

/// <summary>How an image-set evaluation splits and reports.</summary>
/// <param name="Seed">Seeds the split and the bootstrap: the same seed gives the same searches.</param>
/// <param name="HoldoutFraction">The share of identities held out as strangers.</param>
/// <param name="OperationalThreshold">The threshold the report's rates are given at.</param>
public sealed record EvaluationSettings(int Seed = 1, double HoldoutFraction = 0.5, double OperationalThreshold = 0.5)
{
    /// <summary>The thresholds every rate is computed at: 0 to 1 in 0.01 steps.</summary>
    public static readonly IReadOnlyList<double> Sweep = Enumerable.Range(0, 101).Select(i => i / 100.0).ToList();
}

/// <summary>The searches of an image-set evaluation and everything needed to reproduce them.</summary>
public sealed record EvaluationRun(
    IReadOnlyList<SearchOutcome> Searches,
    int EnrolledIdentities,
    int HeldOutIdentities,
    int SingleImageIdentities,
    int EnrolmentFailures,
    int ProbesWithoutFace,
    IReadOnlyList<string> Problems,
    string DatasetHash,
    int ImagesRead);

/// <summary>
/// Image-set evaluation: identities with two or more images are split (seeded) into enrolled and held out;
/// an enrolled identity's first image (in seeded order) is enrolled and its other images are mated probes;
/// held-out identities' images, single-image identities and any crowd set are non-mated probes. A mated
/// probe with no searchable face counts as a miss (it is a failure of the system); an identity whose
/// enrolment image has no face, or cannot be read, is left out of the watchlist (an enrolment failure) and
/// its other images become non-mated probes.
/// </summary>
public static class ImageSetEvaluation
{
    /// <summary>Embeds, splits, enrols and searches as described above; <paramref name="progress"/> hears of each image.</summary>
    public static EvaluationRun Run(IReadOnlyList<(LabelledImage Image, string FullPath)> watchlistSet, IReadOnlyList<(LabelledImage Image, string FullPath)> crowd,
        ImageEmbedder embedder, int dimension, EvaluationSettings settings, IProgress<(int Done, int Total)>? progress = null)
    {
        var problems = new List<string>();
        var rng = new Random(settings.Seed);
        var byIdentity = watchlistSet.Where(x => x.Image.Identity is not null).GroupBy(x => x.Image.Identity!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var multi = byIdentity.Where(g => g.Count() >= 2).Select(g => g.OrderBy(x => x.Image.Path, StringComparer.Ordinal).ToList()).ToList();
        var single = byIdentity.Where(g => g.Count() == 1).SelectMany(g => g).ToList();
        Shuffle(multi, rng);
        int heldOutCount = (int)Math.Round(multi.Count * settings.HoldoutFraction);
        var heldOut = multi.Take(heldOutCount).ToList();
        var enrolled = multi.Skip(heldOutCount).Select(g => { var copy = g.ToList(); Shuffle(copy, rng); return copy; }).ToList();

        int total = watchlistSet.Count + crowd.Count, done = 0;
        var hashes = new List<string>();
        ImageEmbedder.Result Embed((LabelledImage Image, string FullPath) x)
        {
            var r = embedder.Embed(x.FullPath);
            if (r.Problem is not null) problems.Add(r.Problem);
            else hashes.Add($"{x.Image.Set}/{x.Image.Path}\t{r.Sha256}");
            done++;
            progress?.Report((done, total));
            return r;
        }

        // Enrol: one reference image per enrolled identity.
        var entries = new List<WatchlistEntry>();
        var templates = new List<(WatchlistEntryId, ReadOnlyMemory<float>)>();
        var idOf = new Dictionary<string, WatchlistEntryId>(StringComparer.Ordinal);
        var mated = new List<(LabelledImage Image, string FullPath)>();
        var nonMated = new List<(LabelledImage Image, string FullPath)>();
        int enrolmentFailures = 0;
        foreach (var images in enrolled)
        {
            var reference = Embed(images[0]);
            if (reference.Embedding is null) { enrolmentFailures++; nonMated.AddRange(images.Skip(1)); continue; }
            var id = new WatchlistEntryId($"E{entries.Count:D5}");
            idOf[images[0].Image.Identity!] = id;
            entries.Add(new WatchlistEntry(id, WatchlistCategory.WantedSeriousOffence, "evaluation", "evaluation", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, []));
            templates.Add((id, reference.Embedding));
            mated.AddRange(images.Skip(1));
        }
        nonMated.AddRange(heldOut.SelectMany(g => g));
        nonMated.AddRange(single);
        nonMated.AddRange(watchlistSet.Where(x => x.Image.Identity is null));
        nonMated.AddRange(crowd);
        var index = new WatchlistIndex(dimension, entries, templates);

        var searches = new List<SearchOutcome>();
        int withoutFace = 0;
        foreach (var (probe, isMated) in mated.Select(x => (x, true)).Concat(nonMated.Select(x => (x, false))))
        {
            var r = Embed(probe);
            if (r.Problem is not null) continue; // unreadable: reported, not counted
            var person = probe.Image.Identity is { } who ? $"{probe.Image.Set}:{who}" : $"{probe.Image.Set}:{probe.Image.Path}";
            var groups = GroupsOf(probe.Image);
            if (r.Embedding is null)
            {
                withoutFace++;
                searches.Add(new SearchOutcome(person, isMated, false, -1f, groups));
                continue;
            }
            var best = index.Best(r.Embedding);
            bool right = isMated && best is { } b && idOf.TryGetValue(probe.Image.Identity!, out var expected) && b.Entry == expected;
            searches.Add(new SearchOutcome(person, isMated, right, best?.Score ?? -1f, groups));
        }

        hashes.Sort(StringComparer.Ordinal);
        var datasetHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', hashes))));
        return new EvaluationRun(searches, entries.Count, heldOut.Count, single.Count, enrolmentFailures, withoutFace, problems, datasetHash, done);
    }

    // Each source names ethnic groups in its own terms (FairFace "East Asian", UTKFace "Asian"): a group is only
    // meaningful within its set, so ethnicity is qualified by the set it came from. Sex and age bands share one
    // vocabulary across the sets and are pooled.
    private static IReadOnlyDictionary<string, string> GroupsOf(LabelledImage image)
    {
        if (!image.Groups.TryGetValue("ethnicity", out var e)) return image.Groups;
        return new Dictionary<string, string>(image.Groups) { ["ethnicity"] = $"{image.Set}: {e}" };
    }

    private static void Shuffle<T>(IList<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
