using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Inputs;

namespace LfrAudit.Application.Audit;

/// <summary>
/// Which key an export must have been signed with. The IAG's default is a key it already holds — its own copy of the
/// operator's public key (<see cref="IagKey"/>), or the one pinned in its witness state file (<see cref="Pinned"/>: trust
/// on first use, pinned after) — never the copy inside the export, which a forger would simply replace. Trusting the
/// export's own key (<see cref="ExportsOwnKey"/>) is an explicit, loudly labelled choice.
/// </summary>
public abstract record ExportTrust
{
    /// <summary>The operator's public key as the IAG holds it (--public-key).</summary>
    public sealed record IagKey(string Path) : ExportTrust;

    /// <summary>The key pinned in the IAG's state file (--state); on first use, the export's key is pinned there and that is said loudly.</summary>
    public sealed record Pinned(string StatePath) : ExportTrust;

    /// <summary>A key this program already holds (the console's own store's key).</summary>
    public sealed record Known(ECDsa Key, string Description) : ExportTrust;

    /// <summary>The key inside the export (--trust-export-key): proves only that the export is self-consistent.</summary>
    public sealed record ExportsOwnKey : ExportTrust;

    /// <summary>A trust decision made: the key to verify with (null: the export's own copy is unreadable) and what to tell the reader.</summary>
    public sealed record Decision(ECDsa? Key, string Note, string? KeyProblem) : IDisposable
    {
        public void Dispose() { if (Key is not null && !Borrowed) Key.Dispose(); }
        internal bool Borrowed { get; init; }
    }

    internal Decision Decide(string exportDir)
    {
        var exportKeyPath = System.IO.Path.Combine(exportDir, AuditKeys.PublicFile);
        switch (this)
        {
            case IagKey k:
                var iag = AuditKeys.LoadPublic(k.Path); // the IAG's own copy must be readable: exit 3 otherwise
                return new Decision(iag, $"Verified against the operator's public key as the IAG holds it ({FileKind.Show(k.Path)}, key id {TreeHead.KeyIdOf(iag)}).", null);
            case Known k:
                return new Decision(k.Key, $"Verified against {k.Description} (key id {TreeHead.KeyIdOf(k.Key)}).", null) { Borrowed = true };
            case Pinned p:
                return PinnedKey(p.StatePath, exportDir, exportKeyPath);
            default:
                try
                {
                    var own = AuditKeys.LoadPublic(exportKeyPath);
                    return new Decision(own, $"WARNING: verified against the public key INSIDE the export (key id {TreeHead.KeyIdOf(own)}), as asked. This shows only that the export is self-consistent: a forged export re-signed with another key would verify too. Check the key id with the operator, or verify against the operator's key as you hold it, or one pinned on first use.", null);
                }
                catch (LfrInputException ex) { return new Decision(null, "", $"the export's public key: {ex.Message}"); }
        }
    }

    private static Decision PinnedKey(string statePath, string exportDir, string exportKeyPath)
    {
        var state = WitnessState.Read(statePath);
        if (state?.OperatorKey is { } pinnedPem)
        {
            var pinned = ECDsa.Create();
            pinned.ImportFromPem(pinnedPem);
            return new Decision(pinned, $"Verified against the operator key pinned in {FileKind.Show(statePath)} (key id {TreeHead.KeyIdOf(pinned)}).", null);
        }
        // First use: pin the export's key, and say so, so the IAG checks its id with the operator out of band.
        ECDsa own;
        try { own = AuditKeys.LoadPublic(exportKeyPath); }
        catch (LfrInputException ex) { return new Decision(null, "", $"the export's public key: {ex.Message}"); }
        WitnessState.Write(statePath, (state ?? new WitnessState(null, null)) with { OperatorKey = own.ExportSubjectPublicKeyInfoPem() });
        return new Decision(own, $"FIRST USE: the export's public key (key id {TreeHead.KeyIdOf(own)}) is now pinned in {FileKind.Show(statePath)}; every later export must be signed with it. Check this key id with the operator out of band.", null);
    }
}

/// <summary>
/// The IAG's own record, kept between exports: the last tree head it saw (the witness's) and the operator key it pinned.
/// A damaged file is one clear error, never a guess, and it is written whole or not at all.
/// </summary>
public sealed record WitnessState(TreeHead? LastSeen, string? OperatorKey)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static WitnessState? Read(string path)
    {
        if (FileKind.Of(path) == FileKindOf.Missing) return null;
        var text = TextFiles.ReadAll(path, "witness state file");
        string? problem = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject o)
            {
                TreeHead? seen = null;
                if (o["last_seen"] is JsonObject s && TreeHead.TryParse(s.ToJsonString(), out problem) is { } head) seen = head;
                else if (o["last_seen"] is not null) problem ??= "its 'last_seen' is not a tree head";
                string? key = null;
                if (o["operator_key"] is JsonValue k && k.TryGetValue<string>(out var pem))
                {
                    using var probe = ECDsa.Create();
                    try { probe.ImportFromPem(pem); key = pem; }
                    catch (Exception ex) when (ex is ArgumentException or CryptographicException) { problem = "its 'operator_key' is not a PEM public key"; }
                }
                else if (o["operator_key"] is not null) problem = "its 'operator_key' is not text";
                if (problem is null && (seen is not null || key is not null)) return new WitnessState(seen, key);
                problem ??= "it holds neither a 'last_seen' tree head nor an 'operator_key'";
            }
            else problem = "not a JSON object";
        }
        catch (JsonException ex) { problem = $"not JSON ({ex.Message.Split('.')[0]})"; }
        throw new LfrInputException($"{FileKind.Show(path)}: the witness state file is damaged: {problem}; restore it from the IAG's own copy (it records the last head the IAG saw and the operator's key)");
    }

    public static void Write(string path, WitnessState state)
    {
        var o = new JsonObject();
        if (state.LastSeen is { } h) o["last_seen"] = h.ToJson();
        if (state.OperatorKey is { } k) o["operator_key"] = k;
        TextFiles.WriteAll(path, o.ToJsonString(Indented), "witness state file");
    }
}
