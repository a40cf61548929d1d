using System.Globalization;
using System.Security.Cryptography;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Governance.Watchlists;

/// <summary>
/// Turns a manifest into an enrolled watchlist. Every entry is checked on its own (id, category,
/// authorisation, dates, each reference image) and every problem is reported; nothing here throws for a
/// bad entry. A reference image must show exactly one searchable face.
/// </summary>
public sealed class WatchlistEnroller(IReferenceImageReader images, IFaceDetector detector, IFaceEmbedder embedder, QualityGate gate, TimeProvider clock)
{
    /// <summary>
    /// Enrols a manifest. Its image paths are read inside <paramref name="imagesRoot"/>: an absolute path, or one
    /// that climbs out with '..', is refused for that entry unless <paramref name="allowPathsOutsideRoot"/> —
    /// a manifest from elsewhere must not make us read (and hash, and report on) any file on the machine.
    /// </summary>
    public (EnrolledWatchlist? Watchlist, EnrolmentReport Report) Enrol(WatchlistManifest manifest, string imagesRoot, bool allowPathsOutsideRoot = false)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(imagesRoot)) + Path.DirectorySeparatorChar;
        var now = clock.GetUtcNow();
        var outcomes = new List<EntryOutcome>();
        var entries = new List<WatchlistEntry>();
        var templates = new List<EnrolledTemplate>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

        foreach (var raw in manifest.Entries)
        {
            var problems = new List<string>();
            var entry = Validate(raw, now, firstLineOfId, problems);
            if (entry is null)
            {
                outcomes.Add(new EntryOutcome(raw.Line, raw.Id, false, 0, problems));
                continue;
            }
            var accepted = new List<EnrolledTemplate>();
            foreach (var image in raw.Images)
            {
                // A path with control characters (a NUL ends the path the system sees) is one problem, never an exception.
                if (SafeText.HasControlCharacters(image) || image.Length > 4096)
                {
                    problems.Add($"{SafeText.Escape(image.Length > 200 ? image[..200] + "…" : image)}: not a usable image path (control characters, or longer than 4,096 characters)");
                    continue;
                }
                var path = Path.GetFullPath(Path.Combine(root, image));
                if (!allowPathsOutsideRoot && !path.StartsWith(root, StringComparison.Ordinal))
                {
                    problems.Add($"{SafeText.Escape(image)}: outside the images folder {SafeText.Escape(root)}; refused (paths outside it must be allowed explicitly)");
                    continue;
                }
                var template = EnrolImage(entry.Id, path, problems);
                if (template is not null) accepted.Add(template);
            }
            if (accepted.Count == 0)
            {
                problems.Add("no usable reference image");
                outcomes.Add(new EntryOutcome(raw.Line, raw.Id, false, 0, problems));
                continue;
            }
            entries.Add(entry);
            templates.AddRange(accepted);
            outcomes.Add(new EntryOutcome(raw.Line, raw.Id, true, accepted.Count, problems));
        }

        var report = new EnrolmentReport(manifest.FilePath, outcomes);
        var watchlist = entries.Count == 0 ? null
            : new EnrolledWatchlist(manifest.Name, embedder.ModelId, embedder.Dimension, now, entries, templates);
        return (watchlist, report);
    }

    private static WatchlistEntry? Validate(ManifestEntry raw, DateTimeOffset now, Dictionary<string, int> firstLineOfId, List<string> problems)
    {
        WatchlistEntryId? id = null;
        if (raw.Id is null) problems.Add("missing 'id'");
        else
        {
            try { id = new WatchlistEntryId(raw.Id); }
            catch (LfrInputException ex) { problems.Add(ex.Message); }
            if (firstLineOfId.TryGetValue(raw.Id, out var first))
                problems.Add($"duplicate id '{raw.Id}' (first used at line {first})");
            else
                firstLineOfId[raw.Id] = raw.Line;
        }

        WatchlistCategory category = default;
        if (raw.Category is null) problems.Add("missing 'category'");
        else if (!WatchlistCategories.TryParse(raw.Category, out category))
            problems.Add($"unknown category '{raw.Category}' (expected one of: {string.Join(", ", WatchlistCategories.Names)})");

        if (raw.Source is null) problems.Add("missing 'source'");
        if (raw.AuthorisedBy is null) problems.Add("missing 'authorised_by'");
        var approved = Date(raw.ApprovedAt, "approved_at", now, problems);
        var expires = Date(raw.ExpiresAt, "expires_at", now, problems);
        if (approved is { } a && expires is { } x)
        {
            if (x <= a) problems.Add($"expires_at {Show(x)} is not after approved_at {Show(a)}");
            else if (x <= now) problems.Add($"expired at {Show(x)}");
            else if (a > now) problems.Add($"not yet approved: approved_at {Show(a)} is in the future");
        }
        if (raw.Images.Count == 0) problems.Add("no reference images listed");

        if (problems.Count > 0 || id is null) return null;
        return new WatchlistEntry(id.Value, category, raw.Source!, raw.AuthorisedBy!, approved!.Value, expires!.Value, raw.Images);
    }

    private EnrolledTemplate? EnrolImage(WatchlistEntryId id, string path, List<string> problems)
    {
        string sha;
        try { sha = Convert.ToHexStringLower(SHA256.HashData(ImageLimits.ReadBytes(path))); }
        catch (LfrInputException ex)
        {
            problems.Add(ex.Message);
            return null;
        }
        IFrame frame;
        try { frame = images.Read(path); }
        catch (LfrInputException ex) { problems.Add(ex.Message); return null; }
        using (frame)
        {
            var faces = detector.Detect(frame).Where(gate.Admits).ToList();
            if (faces.Count == 0) { problems.Add($"{path}: no searchable face found"); return null; }
            if (faces.Count > 1) { problems.Add($"{path}: {faces.Count} faces found; a reference image must show one person"); return null; }
            using var batch = embedder.Embed(frame, faces);
            return new EnrolledTemplate(id, sha, batch.Row(0).ToArray());
        }
    }

    private static DateTimeOffset? Date(string? text, string field, DateTimeOffset now, List<string> problems)
    {
        if (text is null) { problems.Add($"missing '{field}'"); return null; }
        return ManifestTime.Resolve(text, field, now, problems);
    }

    private static string Show(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}
