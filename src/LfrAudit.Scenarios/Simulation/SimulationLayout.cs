namespace LfrAudit.Scenarios.Simulation;

/// <summary>Where a programme's files go under its output folder.</summary>
public sealed record SimulationLayout(string Root)
{
    public string State => Path.Combine(Root, "simulation-state.json");
    public string Site => Path.Combine(Root, "site");
    public string AuditExport => Path.Combine(Root, "audit-export");
    public string IagReport => Path.Combine(Root, "iag-report.html");
    public string Report => Path.Combine(Root, "report");
    public string EmbeddingCache => Path.Combine(Root, "cache");
    /// <summary>A location's scene with its passers removed, at the footage's size.</summary>
    public string Scene(string location, int width, int height) => Path.Combine(Root, "scenes", $"{location}-{width}x{height}.png");
    public string Watchlists => Path.Combine(Root, "watchlists");
    public string Manifest(string watchlist) => Path.Combine(Watchlists, watchlist + ".yaml");
    /// <summary>Which labelled identity each pseudonymous entry is: the simulation's truth, never part of the store.</summary>
    public string Identities(string watchlist) => Path.Combine(Watchlists, watchlist + ".identities.json");
    public string Clip(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".avi");
    public string Truth(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".truth.json");
    public string Appearances(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".appearances.json");
}
