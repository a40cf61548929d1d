using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>A watchlist enrolled: its name, content hash, size, reference images, model and counts per category.</summary>
public sealed record WatchlistEnrolled(string Name, string ContentHash, long Entries, long ReferenceImages, string Model, IReadOnlyDictionary<string, long> Categories) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "watchlist.enrolled";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["name"] = Name, ["content_hash"] = ContentHash, ["entries"] = Entries, ["reference_images"] = ReferenceImages, ["model"] = Model,
        ["categories"] = EventJson.Counts(Categories),
    };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static WatchlistEnrolled Read(EventFields f) =>
        new(f.String("name"), f.Sha256("content_hash"), f.Long("entries"), f.Long("reference_images"), f.String("model"), f.Counts("categories"));
}
