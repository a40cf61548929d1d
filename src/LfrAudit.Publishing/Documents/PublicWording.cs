using System.Globalization;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Publishing.Documents;

/// <summary>Plain words for the public: categories, sizes, periods.</summary>
public static class PublicWording
{
    /// <summary>A watchlist category as the public reads it ("People wanted for serious offences").</summary>
    public static string Category(WatchlistCategory c) => c switch
    {
        WatchlistCategory.WantedSeriousOffence => "People wanted for serious offences",
        WatchlistCategory.CourtWarrant => "People with an outstanding court warrant",
        WatchlistCategory.WantedByCourts => "People wanted by the courts",
        WatchlistCategory.BailConditions => "People breaching bail conditions",
        WatchlistCategory.SexOffenderConditions => "People breaching sex offender conditions",
        WatchlistCategory.MissingPerson => "Missing people",
        WatchlistCategory.VulnerablePerson => "Vulnerable people at risk of harm",
        _ => c.ToString(),
    };

    /// <summary>
    /// How a run ended, as its log entry records it (the run's end in lower case, e.g. "plannedendreached"), in words; a
    /// value no version of ours wrote is shown as logged.
    /// </summary>
    public static string RunEnd(string logged) => logged switch
    {
        "completed" => "completed (its footage ran out)",
        "cancelled" => "stopped by the operator",
        "failed" => "failed (a camera lost for good, or a model error)",
        "interrupted" => "interrupted (its process died)",
        "plannedendreached" => "stopped at the planned end",
        _ => logged,
    };

    /// <summary>
    /// What came of an engagement, as the public reads it ("Safeguarding referral"), from the name a report stores
    /// ("safeguarding-referral"); a name this version does not know is shown as stored rather than hidden.
    /// </summary>
    public static string Outcome(string name)
    {
        EngagementOutcome o;
        try { o = AdjudicationNames.ParseOutcome(name); }
        catch (InvalidValueException) { return name; }
        return o switch
        {
            EngagementOutcome.Arrested => "Arrested",
            EngagementOutcome.WordsOfAdvice => "Words of advice",
            EngagementOutcome.NotLocated => "Not located",
            EngagementOutcome.NoFurtherAction => "No further action",
            EngagementOutcome.SafeguardingReferral => "Safeguarding referral",
            _ => "Other",
        };
    }

    /// <summary>Roughly how many: enough to judge scale, never enough to single anyone out.</summary>
    public static string RoughSize(int entries) => entries switch
    {
        < 10 => "fewer than 10 people",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"about {(int)Math.Round(entries / 10.0) * 10} people"),
        _ => string.Create(CultureInfo.InvariantCulture, $"about {(int)Math.Round(entries / 100.0) * 100:N0} people"),
    };

    /// <summary>How long confirmed matches are kept, and what happens to everything else, in plain words.</summary>
    public static string Retention(RetentionPolicy p) =>
            $"An alert is checked by a trained officer before anyone acts. If the officer rejects it, its images are deleted {Period(p.RejectedAlert, "immediately")}. " +
            (p.UnadjudicatedAfterEnd == TimeSpan.Zero ? "Alerts nobody confirmed are deleted when the deployment ends. "
                : $"Alerts nobody confirmed are deleted {Period(p.UnadjudicatedAfterEnd, "")} after the deployment ends. ") +
            $"Images of confirmed matches are kept for {Period(p.ConfirmedMatch, "no time")} for audit, then deleted.";

    private static string Period(TimeSpan t, string zero) =>
        t == TimeSpan.Zero ? zero
        : t.TotalDays >= 1 && t.TotalDays == Math.Floor(t.TotalDays) ? FormattableString.Invariant($"{t.TotalDays:0} day{(t.TotalDays == 1 ? "" : "s")}")
        : FormattableString.Invariant($"{t.TotalHours:0.#} hour{(t.TotalHours == 1 ? "" : "s")}");

    /// <summary>As the public debate writes them: "0.48 %", "0.0003 %" (small rates keep their significant digits).</summary>
    public static string Percent(double? rate)
    {
        if (rate is not { } r) return "not applicable (none)";
        double p = r * 100;
        if (p == 0) return "0 %";
        if (p >= 0.1) return p.ToString(p >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + " %";
        // Under 0.1 %: one significant figure, as in "0.0003 % of faces".
        int decimals = Math.Min(15, -(int)Math.Floor(Math.Log10(p)));
        return Math.Round(p, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture) + " %";
    }
}
