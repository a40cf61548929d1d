using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Governance.Watchlists;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Application.Watchlists;

/// <summary>What to enrol: a manifest, the folder its images are relative to (default: the manifest's), and how strictly.</summary>
public sealed record EnrolmentRequest(string ManifestPath, string? ImagesRoot, bool Strict, bool AllowPathsOutsideRoot);

/// <summary>What enrolment did: the manifest's name, the per-entry report, and the watchlist stored (null if none was).</summary>
public sealed record EnrolmentResult(string Name, EnrolmentReport Report, EnrolledWatchlist? Stored, bool RefusedAsStrict)
{
    /// <summary>The watchlist was enrolled and stored.</summary>
    public bool Succeeded => Stored is not null;
}

/// <summary>
/// Enrolment: every entry of a manifest checked (category, authorisation, dates, images), each reference image
/// embedded, and the watchlist stored unless nothing could be enrolled or --strict refuses any rejection.
/// </summary>
public sealed class EnrolmentService(IStore store, IReferenceImageReader images, IFaceDetector detector, IFaceEmbedder embedder)
{
    /// <summary>Enrols the watchlist <paramref name="r"/>'s manifest names: each reference image checked, embedded, stored.</summary>
    public EnrolmentResult Enrol(EnrolmentRequest r)
    {
        var manifest = WatchlistManifestReader.Read(r.ManifestPath);
        var root = r.ImagesRoot ?? Path.GetDirectoryName(Path.GetFullPath(r.ManifestPath))!;
        if (!Directory.Exists(root)) throw new LfrInputException($"{FileKind.Show(root)}: images folder not found");
        var (watchlist, report) = new WatchlistEnroller(images, detector, embedder, QualityGate.Default, store.Clock).Enrol(manifest, root, r.AllowPathsOutsideRoot);
        bool refused = report.RejectedCount > 0 && r.Strict;
        if (watchlist is null || refused) return new EnrolmentResult(manifest.Name, report, null, refused);
        using (var work = store.BeginUnitOfWork())
        {
            store.Watchlists.Save(watchlist);
            work.Raise(new WatchlistEnrolled(watchlist.Name, watchlist.ContentHash, watchlist.Entries.Count, watchlist.Templates.Count, watchlist.ModelId,
                watchlist.CountByCategory().ToDictionary(kv => kv.Key.ToName(), kv => (long)kv.Value)));
            work.Commit();
        }
        return new EnrolmentResult(manifest.Name, report, watchlist, false);
    }
}
