namespace LfrAudit.Evaluation.Statistics;

/// <summary>
/// A 95 % interval for a rate when one person contributes several searches (several images, or passes in
/// footage): their searches are correlated, so the resampling unit is the person, not the search. Persons
/// are drawn with replacement (seeded, so a report can be reproduced) and the 2.5th and 97.5th percentiles of
/// the resampled rate are the interval.
/// </summary>
public static class PersonBootstrap
{
    /// <summary>The interval of the rate of <paramref name="success"/> among the searches <paramref name="counts"/> selects; null for none.</summary>
    public static (double Lower, double Upper)? Interval(IReadOnlyList<SearchOutcome> searches, Func<SearchOutcome, bool> counts,
        Func<SearchOutcome, bool> success, int resamples = 2000, int seed = 1)
    {
        var byPerson = searches.Where(counts).GroupBy(s => s.Person)
            .Select(g => (Trials: g.Count(), Successes: g.Count(success))).ToArray();
        if (byPerson.Length == 0) return null;
        var rng = new Random(seed);
        var rates = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            long trials = 0, successes = 0;
            for (int i = 0; i < byPerson.Length; i++)
            {
                var p = byPerson[rng.Next(byPerson.Length)];
                trials += p.Trials;
                successes += p.Successes;
            }
            rates[r] = successes / (double)trials;
        }
        Array.Sort(rates);
        return (rates[(int)Math.Floor(0.025 * (resamples - 1))], rates[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }
}
