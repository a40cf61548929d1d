using LfrAudit.Application.Audit;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Cli.Options;

/// <summary>Where the command line finds the audit signing key: --audit-key, then $LFR_AUDIT_KEY, then audit-signing-key.pem beside the SQLite store (in the current folder for a central store).</summary>
internal static class AuditKeyOption
{
    public static Option<string?> Option => new("--audit-key")
    {
        Description = "The audit log's signing key (else $LFR_AUDIT_KEY, else audit-signing-key.pem beside the SQLite store, or in the current folder for a central store)",
    };

    public static string? Locate(CommandContext c, StoreTarget store)
    {
        c.Require(Option);
        if (!store.IsCentral) TextFiles.RequireName(store.Location, "store");
        if (SharedOptions.Value(c.Parse, Option) is { Length: > 0 } given) return given;
        if (Environment.GetEnvironmentVariable("LFR_AUDIT_KEY") is { Length: > 0 } env) return env;
        var beside = Path.Combine(store.KeyFolder, AuditKeys.PrivateFile);
        return File.Exists(beside) ? beside : null;
    }
}
