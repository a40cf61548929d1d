using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace LfrAudit.Governance.Audit;

/// <summary>
/// One event in the audit log. Its canonical JSON is the Merkle leaf. Each entry also names its sequence
/// number and the leaf hash of the entry before it, so a verifier can point at the first entry that was
/// changed, removed, inserted or moved, not only say that the root differs. <paramref name="Clock"/> is
/// <see cref="SimulationClock"/> when a simulation clock, not real time, dated the entry; null (and absent
/// from the JSON, so older entries hash as they always did) otherwise.
/// </summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Type, JsonObject Data, string Prev, string? Clock = null)
{
    /// <summary>What the first entry of a log names as the entry before it: 64 zeros, as there is none.</summary>
    public static readonly string GenesisPrev = new('0', 64);

    /// <summary>The one value the optional "clock" member may have.</summary>
    public const string SimulationClock = "simulation";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly string[] Members = ["seq", "at", "type", "data", "prev", "clock"];

    /// <summary>The entry as exported and hashed: seq, at, type, data, prev, and clock if simulated.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["seq"] = Seq,
            ["at"] = Time(At),
            ["type"] = Type,
            ["data"] = Data.DeepClone(),
            ["prev"] = Prev,
        };
        if (Clock is not null) o["clock"] = Clock;
        return o;
    }

    /// <summary>
    /// The entry's canonical JSON bytes (<see cref="CanonicalJson"/>): exactly what the Merkle leaf hashes.
    /// </summary>
    public byte[] Canonical() => CanonicalJson.Encode(ToJson());

    /// <summary>The entry's Merkle leaf hash; the next entry's <see cref="Prev"/> is this in lower-case hex.</summary>
    public byte[] LeafHash() => MerkleTree.LeafHash(Canonical());

    /// <summary>How the log writes a time: UTC with seven fractional digits and 'Z', one text per instant.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A time exactly as <see cref="Time"/> writes it (UTC, seven fractional digits, 'Z'); any other text is not one.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
        && Time(time) == text;

    /// <summary>
    /// Reads an entry from one exported line, checking its shape member by member: exactly seq, at, type, data,
    /// prev and an optional clock; null with the reason when the line is not a well-formed entry. Never throws.
    /// </summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out AuditEntry? entry, [NotNullWhen(false)] out string? problem)
    {
        entry = null;
        return AuditJson.TryParseObject(line, out var o, out problem) && TryFromObject(o, out entry, out problem);
    }

    /// <summary>Reads an entry back from its JSON (as exported); throws <see cref="FormatException"/> with the reason when it is not one.</summary>
    public static AuditEntry FromJson(JsonObject o) =>
        TryParse(o.ToJsonString(), out var entry, out var problem) ? entry : throw new FormatException($"not an audit entry: {problem}");

    private static bool TryFromObject(JsonObject o, [NotNullWhen(true)] out AuditEntry? entry, [NotNullWhen(false)] out string? problem)
    {
        entry = null;
        var m = new JsonMembers(o, Members);
        long seq = m.Integer("seq");
        string at = m.String("at"), type = m.String("type"), prev = m.String("prev");
        var data = m.Object("data");
        string? clock = o.ContainsKey("clock") ? m.String("clock") : null;
        DateTimeOffset time = default;
        problem = m.Problem
            ?? (seq < 0 ? $"a negative sequence number ({seq})" : null)
            ?? (TryParseTime(at, out time) ? null : $"its time '{AuditJson.Show(at)}' is not a UTC time written as yyyy-MM-ddTHH:mm:ss.fffffffZ")
            ?? (type.Length == 0 ? "an empty type" : null)
            ?? (AuditJson.IsLowerHex(prev, 64) ? null : "its link to the entry before ('prev') is not 64 lower-case hex digits")
            ?? (clock is null or SimulationClock ? null : $"'clock' is '{AuditJson.Show(clock)}', where only '{SimulationClock}' may be");
        if (problem is not null) return false;
        // The object was read for this entry alone, so its data is taken over, not copied.
        o.Remove("data");
        entry = new AuditEntry(seq, time, type, data, prev, clock);
        return true;
    }
}
