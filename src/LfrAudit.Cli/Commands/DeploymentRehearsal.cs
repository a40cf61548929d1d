using LfrAudit.Application.Deployments;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Stores;

namespace LfrAudit.Cli.Commands;

/// <summary>
/// Every deployment step is first rehearsed on the store opened only to read (<see cref="DeploymentService.Rehearsal"/>):
/// what it would refuse — who asks, the deployment's state, its rules — is refused there and writes nothing at all, not
/// even what opening the store to write does (closing a dead process's runs, signing a recovery head).
/// </summary>
internal static class DeploymentRehearsal
{
    public static void Rehearse<T>(CommandContext c, Func<DeploymentService, T> step)
    {
        IStore check;
        // A store that cannot be read as it is (its schema still to be upgraded, a server out of reach) is left to the
        // writing step, which upgrades it or says what is wrong.
        try { check = c.OpenForReading(); }
        catch (StoreUnavailableException) { return; }
        using (check) step(UseCases.Deployments(check, VisionAdapters.Catalogue, c.Publication).Rehearsal());
    }
}
