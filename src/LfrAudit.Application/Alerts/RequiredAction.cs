using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Alerts;

/// <summary>
/// What officers are to do once an operator confirms an alert, by the watchlist category that put the person there: the
/// briefing a van crew reads beside the images. A confirmed alert is grounds to stop and speak to someone, never an
/// arrest by itself; for the missing and the vulnerable it is a welfare check, not enforcement.
/// </summary>
public static class RequiredAction
{
    /// <summary>The action for <paramref name="category"/>, in a sentence.</summary>
    public static string For(WatchlistCategory category) => category switch
    {
        WatchlistCategory.WantedSeriousOffence => "Stop and confirm identity; arrest only if the officer is satisfied it is the person wanted and the grounds stand.",
        WatchlistCategory.CourtWarrant => "Stop and confirm identity; execute the court's warrant if identity is confirmed.",
        WatchlistCategory.WantedByCourts => "Stop and confirm identity; arrest on the court's warrant if identity is confirmed.",
        WatchlistCategory.BailConditions => "Stop and confirm identity; check the bail conditions and act only on a breach.",
        WatchlistCategory.SexOffenderConditions => "Stop and confirm identity; check the notification or prevention conditions and act only on a breach.",
        WatchlistCategory.MissingPerson => "Safeguard: approach with care, confirm identity and welfare, tell the missing persons unit. Not an arrest.",
        WatchlistCategory.VulnerablePerson => "Safeguard: approach with care, confirm identity and welfare, follow the safeguarding plan. Not an arrest.",
        _ => "Stop and confirm identity; follow the deployment's briefing.",
    };
}
