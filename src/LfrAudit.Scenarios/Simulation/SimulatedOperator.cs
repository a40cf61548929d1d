using System.Security.Cryptography;
using System.Text;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Scenarios.Simulation;

/// <summary>What the scripted operator decided for an alert, and who the truth says was there.</summary>
internal sealed record OperatorDecision(AlertDecision Decision, bool TrueMatch, bool DecidedRightly, string? WhoWasThere);

/// <summary>
/// The programme's operators: they see the camera's crop beside the reference photo and get it right, except for a
/// set share of decisions (a false alert confirmed, a true one rejected). Whether a decision goes wrong is drawn from
/// the scenario's seed and the alert's own details (not its store id), so a resumed programme decides the same way.
/// </summary>
internal sealed class SimulatedOperator(int seed, double errorRate)
{
    public OperatorDecision Decide(Alert alert, string? whoWasThere, string? candidateIdentity)
    {
        bool trueMatch = whoWasThere is not null && whoWasThere == candidateIdentity;
        bool errs = Draw($"{alert.Camera.Value}/{alert.FrameIndex}/{alert.Candidate.Value}") < errorRate;
        bool confirm = trueMatch != errs;
        return new OperatorDecision(confirm ? AlertDecision.Confirm : AlertDecision.Reject, trueMatch, !errs, whoWasThere);
    }

    /// <summary>What officers record after a confirmation: the right person is arrested or safeguarded; the wrong one is not.</summary>
    public static EngagementOutcome OutcomeOf(Alert alert, bool trueMatch) =>
        !trueMatch ? EngagementOutcome.NoFurtherAction
        : alert.Category is WatchlistCategory.MissingPerson or WatchlistCategory.VulnerablePerson ? EngagementOutcome.SafeguardingReferral
        : EngagementOutcome.Arrested;

    // A uniform draw in [0, 1) from the seed and a key: stable across processes and runs.
    private double Draw(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/{key}"));
        return BitConverter.ToUInt64(hash, 0) / (double)ulong.MaxValue * (1 - 1e-12);
    }
}
