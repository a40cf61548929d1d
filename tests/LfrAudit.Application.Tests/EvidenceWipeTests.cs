using System.Reflection;
using LfrAudit.Application.Alerts;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;
using LfrAudit.Testing.Stores;
using Microsoft.Extensions.Time.Testing;

namespace LfrAudit.Application.Tests;

/// <summary>
/// Evidence opened to show one image leaves nothing else behind in memory: the desk is given a store that keeps what it
/// decrypted for the desk, and after a view every array but the image shown is zeros (the embedding always, the crop when
/// the scene is shown, the scene when the crop is).
/// </summary>
public sealed class EvidenceWipeTests
{
    /// <summary>A store that hands on every call and keeps the alerts its run store opened.</summary>
    public class Spy : DispatchProxy
    {
        public object? Inner { get; set; }
        public List<StoredAlert> Opened { get; set; } = [];
        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            object? result;
            try { result = method!.Invoke(Inner, args); }
            catch (TargetInvocationException e) { throw e.InnerException!; }
            if (result is IRunStore runs)
            {
                var spy = Create<IRunStore, Spy>();
                ((Spy)(object)spy).Inner = runs;
                ((Spy)(object)spy).Opened = Opened;
                return spy;
            }
            if (result is StoredAlert opened) Opened.Add(opened);
            return result;
        }
    }

    [Fact]
    public void Viewing_the_scene_wipes_the_crop_and_embedding_opened_beside_it_and_viewing_the_crop_wipes_the_scene()
    {
        var t0 = DateTimeOffset.UnixEpoch.AddYears(56);
        var store = InMemoryStore.Create(new FakeTimeProvider(t0));
        RegisteredUsers.Add(store, "op-1", Governance.Accounts.Role.Operator);
        var runs = store.Runs();
        runs.BeginRun(new RunStart(new RunId("run-1"), new CameraId("van-1"), "video x", "wl", "hash", 1, new Threshold(0.5), QualityGate.Default, "every frame", "model@abc", t0));
        byte[] crop = [0xFF, 0xD8, 1, 2, 3], scene = [0xFF, 0xD8, 7, 8, 9, 10];
        var id = runs.RecordAlert(new Alert(new RunId("run-1"), new CameraId("van-1"), 0, t0, new WatchlistEntryId("WL-1"), WatchlistCategory.CourtWarrant,
            0.7f, new Threshold(0.5), new BoxF(1, 2, 30, 40), [.. crop], [0.25f, 0.5f, 0.75f]) { SceneJpeg = [.. scene] });

        var spied = DispatchProxy.Create<IStore, Spy>();
        var spy = (Spy)(object)spied;
        spy.Inner = store;
        var desk = new AlertDeskService(spied);

        Assert.Equal(scene, desk.ViewScene(id, "op-1", "test"));
        var opened = Assert.Single(spy.Opened);
        Assert.All(opened.Alert.ProbeCropJpeg, b => Assert.Equal(0, b));
        Assert.All(opened.Alert.ProbeEmbedding, f => Assert.Equal(0f, f));
        Assert.NotEmpty(opened.Alert.ProbeCropJpeg);

        spy.Opened.Clear();
        Assert.Equal(crop, desk.ViewProbe(id, "op-1", "test"));
        opened = Assert.Single(spy.Opened);
        Assert.All(opened.Alert.SceneJpeg, b => Assert.Equal(0, b));
        Assert.All(opened.Alert.ProbeEmbedding, f => Assert.Equal(0f, f));
        // The store's own evidence is untouched: each opening is a fresh copy, as a real store decrypts one.
        Assert.Equal(scene, runs.Find(id)!.Alert.SceneJpeg);
    }
}
