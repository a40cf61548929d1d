using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Deployments;

/// <summary>A deployment as planned: what staff give; checked by the domain when planned.</summary>
public sealed record PlanRequest(
    DeploymentId Id, DeploymentLocation Location, DateTimeOffset Start, DateTimeOffset End, string Purpose, AuthorisingOfficer Officer,
    IReadOnlyList<CameraId> Cameras, string Watchlist, Threshold? Threshold, RetentionPolicy Retention);

/// <summary>An urgent override as asked for: the reason and who authorised it.</summary>
public sealed record OverrideRequest(string Reason, string By);

/// <summary>A deployment after a step, with the document the step published, if any.</summary>
public sealed record DeploymentStep(Deployment Deployment, PublishedDocument? Document = null);

/// <summary>Everything about one deployment: itself, its figures and the operators assigned to work its alerts.</summary>
public sealed record DeploymentDetails(Deployment Deployment, OutcomeFigures Figures, IReadOnlyList<OperatorAssignment> Operators);
