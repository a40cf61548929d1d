using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;

namespace LfrAudit.Governance.Adjudication;

/// <summary>An operator's decision on an alert, before any officer acts on it.</summary>
public enum AlertDecision { Confirm, Reject, Unsure }

/// <summary>What happened when officers engaged a confirmed match.</summary>
public enum EngagementOutcome { Arrested, WordsOfAdvice, NotLocated, NoFurtherAction, SafeguardingReferral, Other }

public sealed record AlertAdjudication(AlertId Alert, AlertDecision Decision, string By, DateTimeOffset At, string? Note);

public sealed record Engagement(AlertId Alert, EngagementOutcome Outcome, string By, DateTimeOffset At, string? Note);

public static class AdjudicationNames
{
    public static AlertDecision ParseDecision(string text) => text.Trim().ToLowerInvariant() switch
    {
        "confirm" or "confirmed" => AlertDecision.Confirm,
        "reject" or "rejected" => AlertDecision.Reject,
        "unsure" => AlertDecision.Unsure,
        _ => throw new InvalidValueException(InputField.Decision, text, "use confirm, reject or unsure"),
    };

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

    public static string Name(this AlertDecision d) => d.ToString().ToLowerInvariant();

    public static string Name(this EngagementOutcome o) => o switch
    {
        EngagementOutcome.WordsOfAdvice => "words-of-advice",
        EngagementOutcome.NotLocated => "not-located",
        EngagementOutcome.NoFurtherAction => "no-further-action",
        EngagementOutcome.SafeguardingReferral => "safeguarding-referral",
        _ => o.ToString().ToLowerInvariant(),
    };
}
