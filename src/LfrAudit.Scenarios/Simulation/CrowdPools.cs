using LfrAudit.Core.Problems;
using LfrAudit.Evaluation.ImageSets;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>A person the force may put on a watchlist: an LFW identity, the photo enrolled and the other photo that walks past.</summary>
internal sealed record WatchlistCandidate(string Identity, string EnrolledImage, string WalkingImage, IReadOnlyDictionary<string, string> Groups);

/// <summary>
/// Who can walk in a simulated programme, from the labelled sets: LFW identities with two photos, in a seeded order,
/// of which the first <see cref="ScenarioWatchlistPool"/> may be put on watchlists (enrolled from one photo, walking
/// past in the other), the rest walking as members of the public; and every FairFace and UTKFace photo as passers
/// with their sex, ethnicity and age band. Each photo's labels include the set it came from.
/// </summary>
internal sealed class CrowdPools
{
    public IReadOnlyList<WatchlistCandidate> WatchlistCandidates { get; }
    public IReadOnlyList<CrowdPhoto> Passers { get; }
    public int ScenarioWatchlistPool { get; }

    private CrowdPools(IReadOnlyList<WatchlistCandidate> candidates, IReadOnlyList<CrowdPhoto> passers, int pool)
    {
        WatchlistCandidates = candidates;
        Passers = passers;
        ScenarioWatchlistPool = pool;
    }

    public static CrowdPools Load(string datasets, int seed, int largestWatchlist)
    {
        var lfw = Read(datasets, "lfw", identityRequired: true)
            .GroupBy(x => x.Identity!, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => g.OrderBy(x => x.Path, StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0].Identity, StringComparer.Ordinal)
            .ToList();
        var random = new Random(seed);
        for (int i = lfw.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (lfw[i], lfw[j]) = (lfw[j], lfw[i]);
        }
        if (lfw.Count < largestWatchlist)
            throw new LfrInputException($"{Path.Combine(datasets, "lfw")}: {lfw.Count} identities with two photos, fewer than the largest watchlist ({largestWatchlist})");
        var candidates = lfw.Take(largestWatchlist)
            .Select(g => new WatchlistCandidate(g[0].Identity!, Full(datasets, g[0]), Full(datasets, g[1]), Labels(g[0]))).ToList();
        var passers = lfw.Skip(largestWatchlist).Select(g => new CrowdPhoto(g[0].Identity!, Full(datasets, g[0]), Labels(g[0])))
            .Concat(Read(datasets, "fairface", false).Concat(Read(datasets, "utkface", false))
                .Select(x => new CrowdPhoto($"{x.Set}/{x.Path}", Full(datasets, x), Labels(x))))
            .ToList();
        return new CrowdPools(candidates, passers, largestWatchlist);
    }

    private static IReadOnlyList<LabelledImage> Read(string datasets, string set, bool identityRequired)
    {
        var labels = Path.Combine(datasets, set, "labels.csv");
        return File.Exists(labels) ? LabelsFile.Read(labels, set, identityRequired) : [];
    }

    private static string Full(string datasets, LabelledImage x) => Path.Combine(datasets, x.Set, x.Path);

    private static IReadOnlyDictionary<string, string> Labels(LabelledImage x) => new Dictionary<string, string>(x.Groups) { ["set"] = x.Set };
}
