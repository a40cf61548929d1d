using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;

namespace LfrAudit.Governance.Adjudication;

/// <summary>An operator's decision on an alert, before any officer acts on it.</summary>
public enum AlertDecision
{
    /// <summary>The operator judges the person to be the watchlisted one: officers may engage; the evidence is held for a set time.</summary>
    Confirm,
    /// <summary>The operator judges it a false alert: nothing is done and its evidence is deleted at once.</summary>
    Reject,
    /// <summary>The operator cannot tell: no one acts on it, and its evidence goes a set time after the deployment ends.</summary>
    Unsure,
}

/// <summary>What happened when officers engaged a confirmed match.</summary>
public enum EngagementOutcome
{
    /// <summary>The person was arrested.</summary>
    Arrested,
    /// <summary>Officers spoke to the person and gave words of advice.</summary>
    WordsOfAdvice,
    /// <summary>Officers could not find the person.</summary>
    NotLocated,
    /// <summary>Officers spoke to the person and took no further action.</summary>
    NoFurtherAction,
    /// <summary>The person was referred for safeguarding (for example a missing or vulnerable person).</summary>
    SafeguardingReferral,
    /// <summary>Something else, said in the note.</summary>
    Other,
}

/// <summary>An operator's decision on one alert, made once and final.</summary>
/// <param name="Alert">The alert decided.</param>
/// <param name="Decision">Confirm, reject or unsure.</param>
/// <param name="By">The operator's user name.</param>
/// <param name="At">When it was decided (UTC).</param>
/// <param name="Note">The operator's note, if any (plain text).</param>
public sealed record AlertAdjudication(AlertId Alert, AlertDecision Decision, string By, DateTimeOffset At, string? Note);

/// <summary>What officers reported after engaging the person of a confirmed alert, recorded once.</summary>
/// <param name="Alert">The confirmed alert.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="By">The user who recorded it.</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="Note">A note, if any (plain text).</param>
public sealed record Engagement(AlertId Alert, EngagementOutcome Outcome, string By, DateTimeOffset At, string? Note);

/// <summary>Decisions and engagement outcomes as commands, pages and the audit log write them.</summary>
public static class AdjudicationNames
{
    /// <summary>Reads "confirm", "reject" or "unsure" (any case; "confirmed" and "rejected" too); anything else is refused with the words to use.</summary>
    public static AlertDecision ParseDecision(string text) => text.Trim().ToLowerInvariant() switch
    {
        "confirm" or "confirmed" => AlertDecision.Confirm,
        "reject" or "rejected" => AlertDecision.Reject,
        "unsure" => AlertDecision.Unsure,
        _ => throw new InvalidValueException(InputField.Decision, text, "use confirm, reject or unsure"),
    };

    /// <summary>Reads an outcome's name ("words-of-advice", "nfa", underscores or hyphens, any case); anything else is refused with the names to use.</summary>
    public static EngagementOutcome ParseOutcome(string text) => text.Trim().ToLowerInvariant().Replace('_', '-') switch
    {
        "arrested" or "arrest" => EngagementOutcome.Arrested,
        "words-of-advice" => EngagementOutcome.WordsOfAdvice,
        "not-located" => EngagementOutcome.NotLocated,
        "no-further-action" or "nfa" => EngagementOutcome.NoFurtherAction,
        "safeguarding-referral" => EngagementOutcome.SafeguardingReferral,
        "other" => EngagementOutcome.Other,
        _ => throw new InvalidValueException(InputField.EngagementOutcome, text, "use arrested, words-of-advice, not-located, no-further-action, safeguarding-referral or other"),
    };

    /// <summary>The decision as written: "confirm", "reject" or "unsure".</summary>
    public static string Name(this AlertDecision d) => d.ToString().ToLowerInvariant();

    /// <summary>The outcome as written, hyphenated in lower case ("words-of-advice"); <see cref="ParseOutcome"/> reads it back.</summary>
    public static string Name(this EngagementOutcome o) => o switch
    {
        EngagementOutcome.WordsOfAdvice => "words-of-advice",
        EngagementOutcome.NotLocated => "not-located",
        EngagementOutcome.NoFurtherAction => "no-further-action",
        EngagementOutcome.SafeguardingReferral => "safeguarding-referral",
        _ => o.ToString().ToLowerInvariant(),
    };
}
