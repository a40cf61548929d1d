using LfrAudit.Application;
using LfrAudit.Application.Accounts;
using LfrAudit.Application.Deployments;
using LfrAudit.Application.Runs;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Calendar;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;
using LfrAudit.Vision;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Scenarios.Demo;

/// <summary>Who practises in the console, with what password, on which deployment, and how many alerts wait for them.</summary>
public sealed record PracticeResult(DeploymentId Deployment, DateTimeOffset LiveUntil, string Trainee, string Password, int AlertsPending);

/// <summary>
/// A second deployment the demo leaves live for an operator to practise on: planned, with its notice, alongside the demo's
/// own (so it needs no override), live from the moment the demo ends for eight hours, the demo's clip run through it, and
/// its alerts left undecided for a trainee operator — a user who can sign in to the console, unlike the demo's scripted
/// ones. Everything it does is recorded and audited as any deployment is.
/// </summary>
public sealed class PracticeDeployment(IStore store, RecognitionModels models, IPasswordHashing hashing, string supervisor, string via)
{
    /// <summary>The operator who practises: the one user in a demo store who can sign in.</summary>
    public const string Trainee = "trainee";

    private static readonly CameraId Camera = new("practice-camera");

    /// <summary>Plans it and publishes its notice, live from <paramref name="start"/> (when the demo ends) for eight hours.</summary>
    public DeploymentId Plan(DateTimeOffset start, string watchlist, Threshold? threshold)
    {
        var deployments = UseCases.Deployments(store, ModelCatalogue.Embedded);
        var id = new DeploymentId($"PRACTICE-{LondonTime.DateOf(start):yyyyMMdd}");
        deployments.Plan(new PlanRequest(id, new DeploymentLocation("Practice Square", "Exampletown", 51.5080, -0.1281),
            start, start.AddHours(8), "Operator practice: the demo's clip, with its alerts left for a trainee to decide",
            new AuthorisingOfficer("A. Example", "Superintendent"), [Camera], watchlist, threshold, RetentionPolicy.Default), supervisor, via);
        deployments.PublishNotice(id, supervisor, via);
        return id;
    }

    /// <summary>At its start: goes live, adds the trainee with <paramref name="password"/> and assigns them, and runs the clip through it.</summary>
    public async Task<PracticeResult> GoLiveAsync(DeploymentId id, string clipPath, string password, IDemoNarrator narrator, CancellationToken cancellation)
    {
        var deployments = UseCases.Deployments(store, ModelCatalogue.Embedded);
        var deployment = deployments.Start(id, null, supervisor, via).Deployment;
        new AccountService(store, hashing, new SignInThrottle(store.Clock)).Add(Trainee, Role.Operator, password, supervisor, via);
        deployments.AssignOperator(id, Trainee, supervisor, via);
        var recognition = UseCases.Recognition(store, models, VisionAdapters.Evidence);
        var run = recognition.Prepare(new RunRequest(null, id, Camera, null, QualityGate.Default, FrameSampling.All), models.DefaultThreshold);
        using (var source = VisionAdapters.OpenVideo(clipPath))
            await narrator.Recognise(source, run, progress => recognition.RunAsync(source, run, progress, cancellation)).ConfigureAwait(false);
        var pending = UseCases.Alerts(store).Pending(run.Options.Run).Count;
        return new PracticeResult(id, deployment.PlannedEnd, Trainee, password, pending);
    }
}
