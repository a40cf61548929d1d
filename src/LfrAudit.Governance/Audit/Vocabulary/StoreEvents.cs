using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>A site joined a force's central store (in the registry log, so no site's log can be left out).</summary>
public sealed record SiteRegistered(string Site, string Host) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "site.registered";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new() { ["site"] = Site, ["host"] = Host };

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static SiteRegistered Read(EventFields f) => new(f.String("site"), f.String("host"));
}

/// <summary>A site's records came into the central store from its own SQLite store; alert and purge ids were given anew.</summary>
public sealed record StoreImported(string From, long Entries, string RootHash, IReadOnlyDictionary<string, long> AlertIds, IReadOnlyDictionary<string, long> PurgeIds) : IAuditEvent
{
    /// <summary>The type its entries carry in the log; <see cref="AuditVocabulary"/> reads them back by it.</summary>
    public const string TypeName = "store.imported";

    /// <inheritdoc/>
    public string Type => TypeName;

    /// <inheritdoc/>
    public JsonObject ToData() => new()
    {
        ["from"] = From, ["entries"] = Entries, ["root_hash"] = RootHash,
        ["alert_ids"] = IdMap(AlertIds), ["purge_ids"] = IdMap(PurgeIds),
    };

    // Ordered by the old id as a number, as the log has always written them.
    private static JsonObject IdMap(IReadOnlyDictionary<string, long> ids) =>
        new(ids.OrderBy(kv => long.TryParse(kv.Key, out var n) ? n : long.MaxValue).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    /// <summary>Reads the event back from an entry's data, noting each bad member in <paramref name="f"/>.</summary>
    public static StoreImported Read(EventFields f) => new(f.String("from"), f.Long("entries"), f.Sha256("root_hash"), f.Counts("alert_ids"), f.Counts("purge_ids"));
}
