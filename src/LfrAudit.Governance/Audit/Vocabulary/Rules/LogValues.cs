using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Adjudication;

namespace LfrAudit.Governance.Audit.Vocabulary.Rules;

/// <summary>
/// The values the product writes into the fields that have a fixed vocabulary, taken from the product's own types so
/// that a value added there is known here at once: decisions and engagement outcomes (<see cref="AdjudicationNames"/>),
/// roles (<see cref="Roles"/>), the reasons a purge records (<see cref="EvidencePurged.Reasons"/>) and the kinds of evidence a view
/// records (<see cref="EvidenceViewed.Kinds"/>).
/// </summary>
public static class LogValues
{
    /// <summary>The decisions an operator may record on an alert: confirm, reject, unsure.</summary>
    public static IReadOnlyList<string> Decisions { get; } = Enum.GetValues<AlertDecision>().Select(d => d.Name()).ToList();

    /// <summary>The engagement outcomes an officer's encounter may be recorded as.</summary>
    public static IReadOnlyList<string> EngagementOutcomes { get; } = Enum.GetValues<EngagementOutcome>().Select(o => o.Name()).ToList();

    /// <summary>The roles a user may be added with.</summary>
    public static IReadOnlyList<string> RoleNames { get; } = Enum.GetValues<Role>().Select(r => r.Name()).ToList();

    /// <summary>The reasons a purge of evidence may record.</summary>
    public static IReadOnlyList<string> PurgeReasons => EvidencePurged.Reasons;

    /// <summary>What an evidence view may have shown: the probe crop or the reference image.</summary>
    public static IReadOnlyList<string> EvidenceKinds => EvidenceViewed.Kinds;

    /// <summary>The role a user.added entry names, exactly as the product writes it; null for anything else.</summary>
    public static Role? RoleNamed(string name) => Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(r => r!.Value.Name() == name);

    /// <summary>"'banana' is not one of confirm, reject, unsure".</summary>
    public static string NotOneOf(string what, string value, IReadOnlyList<string> values) =>
        $"{what} '{Shown.Text(value)}' is not one of {string.Join(", ", values)}";
}
