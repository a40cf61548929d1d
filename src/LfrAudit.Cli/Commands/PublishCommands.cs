using LfrAudit.Application.Audit;
using LfrAudit.Application.Publishing;
using LfrAudit.Core.Domain;
using LfrAudit.Publishing.Documents;
using LfrAudit.Publishing.Site;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr publish site: the static public site from the documents as published, once the store is checked against its signed log.</summary>
public static class PublishCommands
{
    private static readonly Option<string> Out = new("--out") { Description = "Folder to write the site into", Required = true };

    private static readonly Option<string[]> SiteKey = new("--site-key")
    {
        Description = "SITE=PUBLIC.pem: the public key a site's audit log is verified with (repeat for each site of a central store; each site signs its own log). Sites not named use --audit-key",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Create(CommandBinder bind)
    {
        var publish = new Command("publish", "Public documents");
        var site = new Command("site", "Write the static public site (index, notices, outcome reports, calendar, JSON feed) from a store that agrees with its signed audit log") { Out, SiteKey };
        bind.Bind(site, c =>
        {
            using var db = c.OpenForReading();
            // Each site's log is verified with its own key: --site-key for the sites named, else the key that signs the
            // store's log as 'lfr audit export' and the console find it (beside the store, or given).
            using var keys = Keys(c, db);
            // Nothing is published that the signed log does not back: a log that does not verify, records or documents that disagree with it.
            var problems = PublicationCheck.Problems(db, keys, PublicationSettings.Default, UseCases.Calendar);
            if (problems.Count > 0) return Refused(c, $"{db.Location}: not published", problems);
            var outDir = Core.Inputs.TextFiles.Folder(c.Get(Out)!, "site folder");
            var written = PublicSite.Write(outDir, UseCases.Publisher(db).SiteEntries(), PublicationSettings.Default, c.Clock.GetUtcNow());
            c.Log.Information("Public site written to {Out}: {Files} files", outDir, written.Count);
            c.Output.Line($"public site: {Path.Combine(outDir, "index.html")} ({written.Count} files)");
            return ExitCodes.Ok;
        });
        publish.Subcommands.Add(site);
        return publish;
    }

    // Parse → keys: each --site-key SITE=FILE a public key; the located signing key, if any, for every other site.
    private static SiteKeys Keys(CommandContext c, Core.Ports.IStore db)
    {
        var bySite = new Dictionary<SiteId, System.Security.Cryptography.ECDsa>();
        try
        {
            foreach (var given in c.Get(SiteKey) ?? [])
            {
                var at = given.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0 || at == given.Length - 1)
                    throw new LfrInputException($"--site-key '{Core.Inputs.SafeText.Escape(given)}': give SITE=PUBLIC.pem (the site's name, '=', its public key file)");
                var name = new SiteId(given[..at]);
                if (bySite.ContainsKey(name)) throw new LfrInputException($"--site-key {name}: given twice");
                bySite[name] = AuditKeys.LoadPublic(given[(at + 1)..]);
            }
            System.Security.Cryptography.ECDsa? fallback = null;
            if (AuditKeyOption.Locate(c.Parse, c.Store) is { } keyPath)
            {
                using var signer = AuditKeys.LoadPrivate(keyPath);
                fallback = System.Security.Cryptography.ECDsa.Create(signer.ExportParameters(includePrivateParameters: false));
            }
            else if (bySite.Count == 0)
                throw new LfrInputException($"{db.Location}: no audit key to verify its log with before publishing: give --audit-key (or $LFR_AUDIT_KEY), keep {AuditKeys.PrivateFile} beside the store, or give each site's public key with --site-key SITE=FILE");
            var keys = new SiteKeys(bySite, fallback);
            var sites = PublicationCheck.Sites(db);
            var problem = keys.Unknown(sites) is [var unknown, ..]
                ? $"--site-key {unknown}: {db.Location} holds no site '{Core.Inputs.SafeText.Escape(unknown.Value)}' (its sites: {string.Join(", ", sites)})"
                : keys.Uncovered(sites) is [var missing, ..]
                    ? $"{db.Location}: no key to verify the audit log of site {missing} with: give its public key with --site-key {missing}=FILE (each site signs its own log)"
                    : null;
            if (problem is null) return keys;
            keys.Dispose();
            throw new LfrInputException(problem);
        }
        catch
        {
            foreach (var k in bySite.Values) k.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A publication refused because the store disagrees with its audit log: every disagreement on a line of its own on
    /// standard output, the first in the one error line, and exit 5 (a failed verification).
    /// </summary>
    internal static int Refused(CommandContext c, string what, IReadOnlyList<string> problems)
    {
        foreach (var p in problems) c.Output.Line($"  - {Core.Inputs.SafeText.Escape(p)}");
        var more = problems.Count > 1 ? $" (and {problems.Count - 1} more, listed on standard output)" : "";
        c.Output.Problem($"error: {what}: {problems[0]}{more}");
        return ExitCodes.Rejected;
    }
}
