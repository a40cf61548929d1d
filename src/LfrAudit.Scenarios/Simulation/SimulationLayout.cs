namespace LfrAudit.Scenarios.Simulation;

/// <summary>Where a programme's files go under its output folder.</summary>
public sealed record SimulationLayout(string Root)
{
    /// <summary>Which steps are done, so a programme resumes where it stopped.</summary>
    public string State => Path.Combine(Root, "simulation-state.json");
    /// <summary>The public site.</summary>
    public string Site => Path.Combine(Root, "site");
    /// <summary>The audit export the IAG verifies.</summary>
    public string AuditExport => Path.Combine(Root, "audit-export");
    /// <summary>The IAG's report on that export.</summary>
    public string IagReport => Path.Combine(Root, "iag-report.html");
    /// <summary>The programme report's folder.</summary>
    public string Report => Path.Combine(Root, "report");
    /// <summary>Embeddings of the labelled sets, kept between runs.</summary>
    public string EmbeddingCache => Path.Combine(Root, "cache");
    /// <summary>A location's scene with its passers removed, at the footage's size.</summary>
    public string Scene(string location, int width, int height) => Path.Combine(Root, "scenes", $"{location}-{width}x{height}.png");
    /// <summary>The programme's watchlist manifests.</summary>
    public string Watchlists => Path.Combine(Root, "watchlists");
    /// <summary>A watchlist's manifest.</summary>
    public string Manifest(string watchlist) => Path.Combine(Watchlists, FileName(watchlist) + ".yaml");
    /// <summary>Which labelled identity each pseudonymous entry is: the simulation's truth, never part of the store.</summary>
    public string Identities(string watchlist) => Path.Combine(Watchlists, FileName(watchlist) + ".identities.json");
    /// <summary>A camera's footage of a deployment.</summary>
    public string Clip(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".avi");
    /// <summary>Who is where in that footage, frame by frame.</summary>
    public string Truth(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".truth.json");
    /// <summary>How each appearance in that footage was found, or missed.</summary>
    public string Appearances(string deployment, string camera) => Path.Combine(Root, "deployments", deployment, camera + ".appearances.json");

    // A watchlist's name is words for people ("Watchlist of 400 (…, 60 %, …)"); its files get letters, digits and hyphens.
    private static string FileName(string watchlist) =>
        string.Join("-", System.Text.RegularExpressions.Regex.Split(watchlist.ToLowerInvariant(), "[^a-z0-9]+").Where(w => w.Length > 0));
}
