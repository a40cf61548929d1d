namespace LfrAudit.Vision.Synthesis;

/// <summary>A labelled photo that can walk in a crowd: who (an identity or the photo's own name), and its labels.</summary>
public sealed record CrowdPhoto(string Identity, string Image, IReadOnlyDictionary<string, string> Groups);

/// <summary>
/// What a crowd is made of: the footage, people per minute, how many in a hundred are on the watchlist (shown by a
/// photo that was not enrolled), who can walk (watchlisted and other passers), an optional demographic mix (weights
/// per label value, e.g. ethnicity → {White: 0.6, Black: 0.2}), how often faces are partly covered, and a seed.
/// </summary>
public sealed record CrowdPlanRequest(
    CrowdLook Look,
    double FootfallPerMinute,
    double WatchlistedPer100,
    IReadOnlyList<CrowdPhoto> Watchlisted,
    IReadOnlyList<CrowdPhoto> Passers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Mix,
    int Seed,
    double OcclusionRate = 0.2,
    double MaxYawDegrees = 30,
    double MaxRollDegrees = 10,
    double ShortestWalkSeconds = 4,
    double LongestWalkSeconds = 7);

/// <summary>
/// Plans who walks when: arrivals are a Poisson process at the footfall (people already part-way along when the clip
/// starts), each arrival is watchlisted at the set rate, passers are drawn to the demographic mix, and each walk gets
/// its own path, pace, head pose, light and perhaps an occlusion. The same request and seed give the same crowd.
/// A photo in which no face can be found does not walk (another is drawn).
/// </summary>
public static class CrowdPlanner
{
    /// <summary>The walkers of <paramref name="r"/>'s crowd; <paramref name="faceOf"/> finds the face in a photo (null: none).</summary>
    public static IReadOnlyList<CrowdWalker> Plan(CrowdPlanRequest r, Func<CrowdPhoto, PhotoFace?> faceOf)
    {
        var random = new Random(r.Seed);
        var look = r.Look;
        double perSecond = Math.Max(0, r.FootfallPerMinute) / 60.0;
        var walkers = new List<CrowdWalker>();
        if (perSecond <= 0 || r.Watchlisted.Count + r.Passers.Count == 0) return walkers;
        var usedWatchlisted = new HashSet<CrowdPhoto>();
        var usedPassers = new HashSet<CrowdPhoto>();
        var noFace = new HashSet<CrowdPhoto>();
        double clipSeconds = look.Frames / look.Fps;
        // Start one longest walk before the clip so that it opens with people already on their way.
        for (double t = -r.LongestWalkSeconds + Exponential(random, perSecond); t < clipSeconds; t += Exponential(random, perSecond))
        {
            bool watchlisted = r.Watchlisted.Count > 0 && random.NextDouble() * 100 < r.WatchlistedPer100;
            CrowdPhoto? photo = null;
            PhotoFace face = default;
            for (int attempt = 0; attempt < 20 && photo is null; attempt++)
            {
                var pick = watchlisted ? Draw(random, r.Watchlisted, usedWatchlisted, noFace, null) : Draw(random, r.Passers, usedPassers, noFace, r.Mix);
                if (pick is null) break;
                if (faceOf(pick) is { } found) { photo = pick; face = found; }
                else noFace.Add(pick);
            }
            if (photo is null) continue;
            (watchlisted ? usedWatchlisted : usedPassers).Add(photo);

            double walk = r.ShortestWalkSeconds + random.NextDouble() * (r.LongestWalkSeconds - r.ShortestWalkSeconds);
            double from = random.NextDouble() * 2 - 1;
            double to = Math.Clamp(from + (random.NextDouble() - 0.5) * 0.6, -1, 1);
            double yaw = Math.Clamp(Normal(random) * r.MaxYawDegrees / 2.5, -r.MaxYawDegrees, r.MaxYawDegrees);
            double roll = Math.Clamp(Normal(random) * r.MaxRollDegrees / 2.5, -r.MaxRollDegrees, r.MaxRollDegrees);
            double light = 0.7 + random.NextDouble() * 0.45;
            Occlusion? occlusion = null;
            if (random.NextDouble() < r.OcclusionRate)
            {
                double start = random.NextDouble() * 0.7;
                occlusion = new Occlusion(start, start + 0.1 + random.NextDouble() * 0.2, 0.2 + random.NextDouble() * 0.3, (OcclusionSide)random.Next(3));
            }
            walkers.Add(new CrowdWalker(photo.Identity, photo.Image, face, photo.Groups, (int)Math.Round(t * look.Fps),
                Math.Max(2, (int)Math.Round(walk * look.Fps)), from, to, yaw, roll, light, occlusion, random.Next(1000)));
        }
        return walkers;
    }

    // Without replacement while unused photos remain (then again from all); passers to the mix where it can be met.
    private static CrowdPhoto? Draw(Random random, IReadOnlyList<CrowdPhoto> pool, HashSet<CrowdPhoto> used, HashSet<CrowdPhoto> noFace,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? mix)
    {
        IEnumerable<CrowdPhoto> eligible = pool.Where(p => !noFace.Contains(p)).ToList();
        if (!eligible.Any()) return null;
        if (mix is not null)
            foreach (var (label, weights) in mix.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (Weighted(random, weights) is not { } value) continue;
                var narrowed = eligible.Where(p => p.Groups.TryGetValue(label, out var v) && v == value).ToList();
                if (narrowed.Count > 0) eligible = narrowed;
            }
        var choices = eligible.ToList();
        var fresh = choices.Where(p => !used.Contains(p)).ToList();
        var from = fresh.Count > 0 ? fresh : choices;
        return from[random.Next(from.Count)];
    }

    private static string? Weighted(Random random, IReadOnlyDictionary<string, double> weights)
    {
        var valid = weights.Where(w => w.Value > 0 && double.IsFinite(w.Value)).OrderBy(w => w.Key, StringComparer.Ordinal).ToList();
        double total = valid.Sum(w => w.Value), x = random.NextDouble() * total;
        foreach (var (value, weight) in valid)
            if ((x -= weight) < 0) return value;
        return valid.Count > 0 ? valid[^1].Key : null;
    }

    private static double Exponential(Random random, double rate) => -Math.Log(1 - random.NextDouble()) / rate;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
