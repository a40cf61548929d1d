namespace LfrAudit.Evaluation.Simulation;

/// <summary>The footage every camera films: its size and rate, and how many minutes of each deployment are simulated.</summary>
public sealed record ScenarioFootage(int Width, int Height, double Fps, double Minutes);

/// <summary>How operators behave: the share of their decisions that are wrong (a false alert confirmed, a true one rejected).</summary>
public sealed record ScenarioOperators(double ErrorRate);

/// <summary>A place deployments go: its public name and town, where it is, the recorded scene its cameras look at and where that scene's floor is.</summary>
public sealed record ScenarioLocation(string Key, string Name, string Town, double Latitude, double Longitude, string Scene)
{
    /// <summary>Where the scene's floor is (<see cref="LocationGround.Default"/> unless the scenario says).</summary>
    public LocationGround Ground { get; init; } = LocationGround.Default;
}

/// <summary>
/// One deployment of the programme: where and when, how long, how many cameras, how many people pass a minute, the
/// watchlist's size and category mix, how many in a hundred passers are on it, the threshold, and the crowd's
/// demographic mix (label → value → weight; none: as the labelled sets give them).
/// </summary>
public sealed record ScenarioDeployment(
    int Number,
    string Id,
    ScenarioLocation Location,
    DateOnly Date,
    TimeOnly Start,
    double Hours,
    int Cameras,
    double FootfallPerMinute,
    int WatchlistSize,
    IReadOnlyDictionary<string, double> WatchlistMix,
    double WatchlistedPer100,
    double Threshold,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Mix)
{
    /// <summary>
    /// The watchlist's name as a notice shows it, in words: its size and its category mix, largest share first
    /// ("Watchlist of 400 (wanted serious offence 60 %, court warrant 20 %, …)"). Deployments with the same size and mix
    /// share one enrolled watchlist, so the name is all there is to tell them apart.
    /// </summary>
    public string WatchlistName
    {
        get
        {
            double total = WatchlistMix.Where(m => m.Value > 0).Sum(m => m.Value);
            var shares = WatchlistMix.Where(m => m.Value > 0).OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Key.Replace('-', ' ')} {100 * m.Value / total:0.#} %"));
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Watchlist of {WatchlistSize} ({string.Join(", ", shares)})");
        }
    }
}

/// <summary>
/// A programme of deployments to simulate end to end (<c>lfr simulate SCENARIO.yaml</c>): its name and seed, the
/// footage, the operators, the locations and the deployments in date order, and how long confirmed evidence is held.
/// </summary>
public sealed record ProgrammeScenario(
    string Name,
    int Seed,
    ScenarioFootage Footage,
    ScenarioOperators Operators,
    IReadOnlyList<ScenarioLocation> Locations,
    IReadOnlyList<ScenarioDeployment> Deployments,
    int RetentionDays,
    string ContentHash)
{
    /// <summary>The threshold most of its deployments run at (of equally common ones, the lowest): what a calibration is measured at.</summary>
    public double OperatingThreshold => Deployments.GroupBy(d => d.Threshold).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
}
