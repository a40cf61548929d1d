using LfrAudit.Testing;
using LfrAudit.Cli.Output;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// One camera runs once at a time in a deployment: a second run of a camera already running is refused naming the camera
/// and the open run (a run whose process died is closed as interrupted first, as CrashSafetyTests shows).
/// </summary>
[Trait("Category", "Dates")]
[Collection(SeededCollection.Name)]
public class RunOverlapTests(SeededStore seeded) : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_second_run_of_a_camera_already_running_in_the_deployment_is_refused_naming_the_camera_and_the_open_run()
    {
        var db = await LiveDeployment.In(seeded, _dir, "DEP-R", "van-1", "van-2");
        var t = seeded.Timeline;
        var open = RunId.New(t.At(10, 10));
        RunStart Start(RunId run, string camera) => new(run, new CameraId(camera), "rtsp://van", "demo-watchlist", new string('a', 64), 5, new Threshold(0.5),
            QualityGate.Default, "every frame", "model", t.At(10, 10), new DeploymentId("DEP-R"));
        // A run of this (live) process: the next writing command must not take it for one whose process died.
        using (var store = SqliteDatabase.Open(db, new FakeTimeProvider(t.At(10, 10))))
        {
            store.TreeHeadSigner = Application.Audit.AuditKeys.LoadPrivate(Path.Combine(_dir.Path, Application.Audit.AuditKeys.PrivateFile)); // signed as a command's entries are
            store.Runs().BeginRun(Start(open, "van-1"));
            // Two processes that both found the camera free: the second to begin is refused under the write lock.
            Assert.Contains($"camera 'van-1' of deployment DEP-R is already running in run {open}",
                Assert.Throws<DeploymentRuleException>(() => store.Runs().BeginRun(Start(RunId.New(t.At(10, 10).AddSeconds(1)), "van-1"))).Message);
        }
        var before = StoreSnapshot.Of(db);
        var r = await Lfr.Run(Lfr.WithModels("run", "--deployment", "DEP-R", "--camera", "van-1", "--source", SharedData.Dataset("lfw", "images", "Colin_Powell"),
            "--db", db, "--now", t.Now(10, 10, 30)));
        Assert.True(r.Exit == ExitCodes.BadInput, r.ToString());
        Assert.Contains($"camera 'van-1' of deployment DEP-R is already running in run {open}", Assert.Single(r.ErrorLines));
        Assert.Equal(before.Entries, StoreSnapshot.Of(db).Entries);
    }
}
