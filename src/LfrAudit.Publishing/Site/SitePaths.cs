namespace LfrAudit.Publishing.Site;

/// <summary>Where each file of the public site lives, relative to the site's folder: one place, so every link agrees.</summary>
public static class SitePaths
{
    /// <summary>The front page.</summary>
    public const string Index = "index.html";
    /// <summary>The JSON Feed.</summary>
    public const string JsonFeed = "feed.json";
    /// <summary>The Atom feed.</summary>
    public const string AtomFeed = "feed.atom";
    /// <summary>The results table as CSV.</summary>
    public const string ResultsCsv = "results.csv";
    /// <summary>The results table as JSON.</summary>
    public const string ResultsJson = "results.json";
    /// <summary>Every deployment as iCalendar.</summary>
    public const string Calendar = "deployments.ics";

    /// <summary>A deployment's folder.</summary>
    public static string Deployment(string id) => $"deployments/{id}";
    /// <summary>A deployment's notice page.</summary>
    public static string Notice(string id) => $"{Deployment(id)}/notice.html";
    /// <summary>A deployment's outcome report page.</summary>
    public static string Outcome(string id) => $"{Deployment(id)}/outcome.html";
}
