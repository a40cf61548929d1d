using System.Globalization;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>
/// What a programme found, in plain words for the top of its report: what a force would have seen (alerts, false
/// alerts, watchlisted people missed), how the operators and the promises fared, and whether any group difference was
/// significant and what difference the counts could have detected. Every sentence is built from the report's own
/// figures, so the summary cannot say what the tables do not.
/// </summary>
public static class ProgrammeFindings
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The findings, most important first, one sentence each.</summary>
    public static IReadOnlyList<string> Of(ProgrammeReport r)
    {
        var d = r.Deployments;
        int watchlisted = d.Sum(x => x.WatchlistedPassers), found = d.Sum(x => x.WatchlistedAlerted), missed = d.Sum(x => x.WatchlistedMissed);
        int places = d.Select(x => x.Location).Distinct(StringComparer.Ordinal).Count();
        long arrests = d.Sum(x => x.Arrests);
        var findings = new List<string>
        {
            string.Create(Inv, $"{Count(d.Count, "deployment")} at {Count(places, "place")}: {r.Passers:N0} people walked past the cameras, {watchlisted:N0} of them on a watchlist."),
            r.Alerts == 0
                ? "The system raised no alert."
                : string.Create(Inv, $"The system raised {Count(r.Alerts, "alert")}: {r.TrueAlerts:N0} for the person who was there and {r.FalseAlerts:N0} for someone else ({Per(r.FalseAlerts, r.Passers, 1000)} false alerts for every 1,000 people who walked past)."),
            watchlisted == 0
                ? "No one on a watchlist walked past, so nothing can be said of how many are found."
                : string.Create(Inv, $"It found {found:N0} of the {watchlisted:N0} watchlisted people who walked past ({Percent(found, watchlisted)}) and missed {missed:N0}."),
            string.Create(Inv, $"Operators decided {Count(r.OperatorErrors, "alert")} wrongly, as the scenario set them to (1 decision in {Math.Round(1 / Math.Max(r.OperatorErrorRate, 1e-9)):N0}); officers made {Count((int)arrests, "arrest")}."),
            Sentence(r.FieldTrial.Overall.Statement),
            string.Create(Inv, $"{r.ProjectionsWithin} of {d.Count} deployments had the false alerts their projection gave (within its 95 % range)."),
            Promises(r),
        };
        return findings;
    }

    private static string Promises(ProgrammeReport r)
    {
        int lateNotices = r.Deployments.Count(x => !x.NoticeOnTime), lateOutcomes = r.Deployments.Count(x => !x.OutcomeOnTime);
        return lateNotices + lateOutcomes == 0
            ? "Every notice was published at least 7 days ahead and every outcome report within 5 working days."
            : string.Create(Inv, $"{Count(lateNotices, "notice")} and {Count(lateOutcomes, "outcome report")} missed their deadlines.");
    }

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string Count(int n, string thing) => string.Create(Inv, $"{n:N0} {thing}{(n == 1 ? "" : "s")}");

    private static string Percent(int part, int whole) => string.Create(Inv, $"{100.0 * part / whole:0.#} %");

    private static string Per(int part, int whole, int per) => whole == 0 ? "no" : string.Create(Inv, $"{(double)part * per / whole:0.##}");
}
