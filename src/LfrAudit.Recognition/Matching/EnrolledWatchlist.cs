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
    public string Name { get; }
    public string ModelId { get; }
    public int Dimension { get; }
    public DateTimeOffset EnrolledAt { get; }
    public IReadOnlyList<WatchlistEntry> Entries { get; }
    public IReadOnlyList<EnrolledTemplate> Templates { get; }
    public string ContentHash { get; }

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
