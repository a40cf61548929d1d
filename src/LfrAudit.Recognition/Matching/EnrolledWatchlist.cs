using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LfrAudit.Core.Identifiers;

namespace LfrAudit.Recognition.Matching;

/// <summary>One reference image's embedding for an entry.</summary>
public sealed record EnrolledTemplate(WatchlistEntryId Entry, string ImageSha256, float[] Embedding);

/// <summary>
/// A watchlist ready to search: the approved entries, one embedding per accepted reference image, the model
/// that made them and a content hash that pins exactly this list (recorded for every deployment).
/// </summary>
public sealed class EnrolledWatchlist
{
    /// <summary>The watchlist's name, as deployments refer to it.</summary>
    public string Name { get; }
    /// <summary>The embedder its templates were made with ("id@shorthash"): only that model may search it.</summary>
    public string ModelId { get; }
    /// <summary>Numbers per template.</summary>
    public int Dimension { get; }
    /// <summary>When it was enrolled.</summary>
    public DateTimeOffset EnrolledAt { get; }
    /// <summary>The approved entries: who may be looked for, why, and until when.</summary>
    public IReadOnlyList<WatchlistEntry> Entries { get; }
    /// <summary>One embedding per accepted reference image.</summary>
    public IReadOnlyList<EnrolledTemplate> Templates { get; }
    /// <summary>The SHA-256 of its content (see <see cref="ComputeContentHash"/>): what runs and documents record.</summary>
    public string ContentHash { get; }

    /// <summary>A watchlist of these entries and templates, its content hash computed.</summary>
    public EnrolledWatchlist(string name, string modelId, int dimension, DateTimeOffset enrolledAt,
        IReadOnlyList<WatchlistEntry> entries, IReadOnlyList<EnrolledTemplate> templates)
    {
        Name = name;
        ModelId = modelId;
        Dimension = dimension;
        EnrolledAt = enrolledAt;
        Entries = entries;
        Templates = templates;
        ContentHash = ComputeContentHash();
    }

    /// <summary>Entries per category: what a notice says of who may be looked for.</summary>
    public IReadOnlyDictionary<WatchlistCategory, int> CountByCategory() =>
        Entries.GroupBy(e => e.Category).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// SHA-256 over a canonical text of name, model, entries (sorted by id, all authorisation fields) and the
    /// templates' raw float bytes (little-endian). Enrolment time is left out: the same list enrolled twice
    /// with the same model hashes the same.
    /// </summary>
    private string ComputeContentHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Line(string s) => sha.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Line("lfraudit-watchlist-v1");
        Line(Name);
        Line(ModelId);
        Line(Dimension.ToString(CultureInfo.InvariantCulture));
        foreach (var e in Entries.OrderBy(e => e.Id.Value, StringComparer.Ordinal))
        {
            Line(string.Join('\u001f', e.Id.Value, e.Category.ToName(), e.Source, e.AuthorisedBy,
                e.ApprovedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                e.ExpiresAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
            foreach (var t in Templates.Where(t => t.Entry == e.Id).OrderBy(t => t.ImageSha256, StringComparer.Ordinal))
            {
                Line(t.ImageSha256);
                var bytes = new byte[t.Embedding.Length * sizeof(float)];
                for (int i = 0; i < t.Embedding.Length; i++)
                    System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), t.Embedding[i]);
                sha.AppendData(bytes);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
