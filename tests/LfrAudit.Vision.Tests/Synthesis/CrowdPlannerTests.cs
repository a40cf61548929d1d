using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Vision.Tests.Synthesis;

/// <summary>The crowd plan: reproducible, at the footfall and watchlisted rate asked for, to the demographic mix.</summary>
public sealed class CrowdPlannerTests
{
    private static readonly PhotoFace Face = new(10, 10, 40, 50);

    private static List<CrowdPhoto> Photos(string prefix, int n, Func<int, string> ethnicity) =>
        Enumerable.Range(0, n).Select(i => new CrowdPhoto($"{prefix}{i}", $"{prefix}{i}.jpg",
            new Dictionary<string, string> { ["ethnicity"] = ethnicity(i), ["sex"] = i % 2 == 0 ? "female" : "male" })).ToList();

    private static CrowdPlanRequest Request(int seed, double footfall, double watchlisted, double minutes) =>
        new(new CrowdLook(1280, 720, 10, (int)(minutes * 600)), footfall, watchlisted, Photos("w", 50, _ => "White"),
            Photos("p", 400, i => i % 4 == 0 ? "Black" : "White"), null, seed);

    [Fact]
    public void The_same_request_and_seed_give_the_same_crowd_and_another_seed_another()
    {
        Prop.ForAll(Gen.Choose(1, 1_000_000).ToArbitrary(), seed =>
        {
            var a = CrowdPlanner.Plan(Request(seed, 30, 5, 2), _ => Face);
            var b = CrowdPlanner.Plan(Request(seed, 30, 5, 2), _ => Face);
            var c = CrowdPlanner.Plan(Request(seed + 1, 30, 5, 2), _ => Face);
            static IEnumerable<CrowdWalker> Plain(IEnumerable<CrowdWalker> w) => w.Select(x => x with { Groups = null });
            return Plain(a).SequenceEqual(Plain(b)) && !Plain(a).SequenceEqual(Plain(c));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arrivals_follow_the_footfall_and_the_watchlisted_rate_within_chance()
    {
        // 20 minutes (plus the walks already under way) at 30 a minute: about 600 + 3 people, Poisson sd about 25.
        var walkers = CrowdPlanner.Plan(Request(11, 30, 5, 20), _ => Face);
        Assert.InRange(walkers.Count, 600 - 4 * 25, 610 + 4 * 25);
        double watchlisted = walkers.Count(w => w.Identity.StartsWith('w')) / (double)walkers.Count;
        Assert.InRange(watchlisted, 0.025, 0.08);
        Assert.All(walkers, w => Assert.True(w.LastFrame >= 0 && w.EnterFrame < 12000 && w.WalkFrames is >= 40 and <= 70));
        Assert.All(walkers, w => Assert.True(Math.Abs(w.YawDegrees) <= 30 && Math.Abs(w.RollDegrees) <= 10 && w.LateralFrom is >= -1 and <= 1));
    }

    [Fact]
    public void Passers_are_drawn_to_the_mix_and_photos_without_a_face_never_walk()
    {
        var mix = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["ethnicity"] = new Dictionary<string, double> { ["Black"] = 0.5, ["White"] = 0.5 } };
        var walkers = CrowdPlanner.Plan(Request(3, 30, 0, 20) with { Mix = mix }, p => p.Identity.EndsWith('7') ? null : Face);
        double black = walkers.Count(w => w.Groups!["ethnicity"] == "Black") / (double)walkers.Count;
        Assert.InRange(black, 0.42, 0.58); // a quarter of the pool, half of the crowd
        Assert.DoesNotContain(walkers, w => w.Identity.EndsWith('7'));
    }
}
