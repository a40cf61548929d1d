using System.Diagnostics;
using System.Text.Json;
using LfrAudit.Application.Audit;
using LfrAudit.Application.Stores;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Stores;
using LfrAudit.Measurement.Stores;
using LfrAudit.Storage.Postgres;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Cli.Commands;

/// <summary>lfr store sites | import | bench: a force's central store and the sites that record into it.</summary>
internal static class StoreCommands
{
    private static Option<bool> Json => new("--json") { Description = "Write JSON" };

    public static Command Create(CommandBinder bind)
    {
        var store = new Command("store", "The store itself: its sites, moving a site's SQLite store into a central store, its speed under load");
        store.Subcommands.Add(Sites(bind));
        store.Subcommands.Add(Import(bind));
        store.Subcommands.Add(Load(bind));
        store.Subcommands.Add(Bench(bind));
        return store;
    }

    private static Command Sites(CommandBinder bind)
    {
        var sites = new Command("sites", "Every site the store holds, with its audit log's size and latest signed head") { Json };
        bind.Bind(sites, Uses.Store, c =>
        {
            using var db = c.OpenForReading();
            var all = SiteOverview.Of(db);
            if (c.Get(Json))
                c.Output.Json(all.Select(s => new { site = s.Site.Value, entries = s.Entries, heads = s.Heads, signed_entries = s.SignedEntries, latest_head_at = s.LatestHeadAt, deployments = s.Deployments }));
            else
                foreach (var s in all)
                    c.Output.Line($"{s.Site}\t{s.Entries} entries, {s.SignedEntries} signed ({s.Heads} heads{(s.LatestHeadAt is { } at ? $", latest {CliTime.Show(at)}" : "")}), {s.Deployments} deployments");
            return ExitCodes.Ok;
        });
        return sites;
    }

    private static Command Import(CommandBinder bind)
    {
        var file = new Argument<string>("sqlite-store") { Description = "The site's own SQLite store (its lfraudit.db)" };
        var import = new Command("import", "Move a site's SQLite store into the central store (--store): its log verified with the site's key before and after") { file, Json };
        bind.Bind(import, Uses.Store | Uses.AuditKey, c =>
        {
            var target = c.Store;
            if (!target.IsCentral) throw new LfrInputException("store import: name the central store to import into with --store or $LFR_STORE");
            var path = c.Get(file)!;
            using var source = SqliteDatabase.Open(path, c.Clock, StoreAccess.Read);
            // The site keeps its name unless --site gives it another in the central store.
            var site = target.Site ?? source.Site;
            var keyPath = AuditKeyOption.Locate(c, new StoreTarget(path, IsCentral: false, site))
                ?? throw new LfrInputException($"{FileKind.Show(path)}: no signing key beside it; give the site's key with --audit-key (its log is verified and signed with it)");
            using var key = AuditKeys.LoadPrivate(keyPath);
            var r = SiteStoreImport.Run(source, site, s => Stores.Open(target with { Site = s }, c.Clock, StoreAccess.Write), PostgresDatabase.SiteImporter, key);
            var n = r.Counts;
            if (c.Get(Json))
                c.Output.Json(new { site = n.Site.Value, entries = n.Entries, heads = n.Heads, deployments = n.Deployments, runs = n.Runs, alerts = n.Alerts,
                    watchlists = n.Watchlists, users_added = n.UsersAdded, users_already_there = n.UsersAlreadyThere, verified_before = r.Before.Ok,
                    verified_after = r.After.Ok, root_before = r.RootBefore, root_after = r.RootAfterImportedPart, head = r.Head.TreeSize,
                    alert_ids = n.AlertIds.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value) });
            else
            {
                c.Output.Line($"site {n.Site}: imported {n.Entries} audit entries and {n.Heads} signed heads, {n.Deployments} deployments, {n.Runs} runs, {n.Alerts} alerts, {n.Watchlists} watchlists, {n.UsersAdded} users ({n.UsersAlreadyThere} already there)");
                c.Output.Line($"log before: {(r.Before.Ok ? "verified" : "FAILED")}, root {r.RootBefore}");
                c.Output.Line($"log after:  {(r.After.Ok ? "verified" : "FAILED")}, same root over the imported {n.Entries} entries: {(r.RootBefore == r.RootAfterImportedPart ? "yes" : "NO")}; signed head of size {r.Head.TreeSize}");
                if (n.AlertIds.Any(kv => kv.Key != kv.Value))
                    c.Output.Line($"alert ids were given anew in the central store ({string.Join(", ", n.AlertIds.Take(5).Select(kv => $"{kv.Key}→{kv.Value}"))}{(n.AlertIds.Count > 5 ? ", …" : "")}); the log's last entry records them all");
            }
            return r.Ok ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return import;
    }

    private static Option<double> Seconds => new Option<double>("--seconds") { Description = "How long to record", DefaultValueFactory = _ => 20 }.Within(0.1, 3600);
    private static Option<int> HeadEvery => new Option<int>("--head-every") { Description = "Sign a tree head after every N alerts", DefaultValueFactory = _ => 10 }.Within(1, 1_000_000);

    private static Command Load(CommandBinder bind)
    {
        var max = new Option<int>("--alerts") { Description = "Stop after this many alerts", DefaultValueFactory = _ => int.MaxValue }.Within(1, int.MaxValue);
        var quiet = new Option<bool>("--quiet") { Description = "Only the closing summary (JSON), not a line per acknowledged alert and head" };
        var load = new Command("load", "Record synthetic alerts and signed heads as fast as the store takes them, printing each as it is acknowledged (for 'store bench' and fault tests)")
            { Seconds, HeadEvery, max, quiet };
        bind.Bind(load, Uses.Store | Uses.AuditKey, c =>
        {
            using var db = c.OpenDatabase();
            var signer = db.TreeHeadSigner ?? throw new LfrInputException("store load signs heads: give the site's key (--audit-key, $LFR_AUDIT_KEY)");
            var quietly = c.Get(quiet);
            // Each line is written once the store acknowledged it (committed): a test can hold the store to every one.
            var r = StoreLoad.Run(db, signer, TimeSpan.FromSeconds(c.Get(Seconds)), c.Get(max), c.Get(HeadEvery),
                line => { if (!quietly) { c.Output.Line(line); (c.Output.JsonOnly ? c.Output.Error : c.Output.Out).Flush(); } }, c.Cancellation);
            // One line, last: the bench and the tests read it.
            c.Output.Line(JsonSerializer.Serialize(new { site = r.Site.Value, run = r.Run.Value, alerts = r.Alerts, heads = r.Heads, seconds = Math.Round(r.Seconds, 3) }));
            return ExitCodes.Ok;
        });
        return load;
    }

    private static Command Bench(CommandBinder bind)
    {
        var sites = new Option<int>("--sites") { Description = "How many site processes record at once", DefaultValueFactory = _ => 8 }.Within(1, 64);
        var outFile = new Option<string>("--out") { Description = "Where to write the result (JSON)", DefaultValueFactory = _ => "store-bench.json" };
        var bench = new Command("bench", "Sustained alerts and signed heads per second with N site processes recording into the central store at once; every site's log verified after")
            { sites, Seconds, HeadEvery, outFile };
        bind.Bind(bench, Uses.Store, async c =>
        {
            var target = c.Store;
            if (!target.IsCentral) throw new LfrInputException("store bench measures a central store: give --store or $LFR_STORE");
            var keys = Directory.CreateTempSubdirectory("lfr-store-bench-").FullName;
            try
            {
                // Sites of this bench's own, with keys of their own: a log stays one key's, so earlier benches' logs are left as they are.
                var stamp = c.Clock.GetUtcNow().ToString("yyyyMMdd'-'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
                var names = Enumerable.Range(1, c.Get(sites)).Select(i => new SiteId($"load-{stamp}-{i}")).ToList();
                var children = names.Select(site =>
                {
                    var folder = Directory.CreateDirectory(Path.Combine(keys, site.Value)).FullName;
                    var (key, _) = AuditKeys.Generate(folder, overwrite: true);
                    return (Site: site, Key: key, Task: SelfProcess.RunAsync(["store", "load", "--store", target.Location, "--site", site.Value, "--audit-key", key,
                        "--seconds", c.Get(Seconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "--head-every", c.Get(HeadEvery).ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet"], c.Cancellation));
                }).ToList();
                var wall = Stopwatch.StartNew();
                await Task.WhenAll(children.Select(x => x.Task)).ConfigureAwait(false);
                wall.Stop();

                using var db = c.OpenForReading();
                var perSite = new List<object>();
                long alerts = 0, heads = 0, lost = 0;
                double longest = 0;
                bool allVerified = true;
                var ids = new HashSet<long>();
                long duplicated = 0;
                foreach (var (site, key, task) in children)
                {
                    var (exit, stdout, stderr) = task.Result;
                    if (exit != 0) throw new LfrInputException($"store bench: site {site} failed (exit {exit}): {stderr.Trim().Split('\n')[^1]}");
                    var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
                    var run = new RunId(summary.GetProperty("run").GetString()!);
                    int acked = summary.GetProperty("alerts").GetInt32(), signed = summary.GetProperty("heads").GetInt32();
                    var stored = db.Runs().List(run);
                    foreach (var a in stored) if (!ids.Add(a.Id.Value)) duplicated++;
                    lost += Math.Max(0, acked - stored.Count);
                    var log = db.AuditOf(site);
                    using var signer = AuditKeys.LoadPrivate(key);
                    using var publicKey = System.Security.Cryptography.ECDsa.Create(signer.ExportParameters(false));
                    var verified = LogVerifier.Verify(log.Entries().ToList(), log.Heads(), publicKey);
                    allVerified &= verified.Ok;
                    var seconds = summary.GetProperty("seconds").GetDouble();
                    longest = Math.Max(longest, seconds);
                    alerts += acked;
                    heads += signed;
                    perSite.Add(new { site = site.Value, alerts = acked, stored = stored.Count, heads = signed, seconds, log_entries = verified.Entries, log_verified = verified.Ok,
                        problems = verified.Problems.Take(3) });
                }
                var result = new
                {
                    date = c.Clock.GetUtcNow(), store = db.Location, sites = children.Count, seconds_per_site = longest, wall_seconds = Math.Round(wall.Elapsed.TotalSeconds, 2),
                    processor_count = Environment.ProcessorCount, head_every = c.Get(HeadEvery),
                    alerts = alerts, heads = heads,
                    alerts_per_second = Math.Round(alerts / longest, 1), heads_per_second = Math.Round(heads / longest, 1),
                    lost, duplicated, all_logs_verified = allVerified, per_site = perSite,
                };
                TextFiles.WriteAll(c.Get(outFile)!, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }), "benchmark result");
                c.Output.Line($"{children.Count} sites for {longest:F1} s: {alerts} alerts ({alerts / longest:F1}/s), {heads} signed heads ({heads / longest:F1}/s); lost {lost}, duplicated {duplicated}; every log verified: {(allVerified ? "yes" : "NO")}");
                c.Output.Line($"written to {Path.GetFullPath(c.Get(outFile)!)}");
                return allVerified && lost == 0 && duplicated == 0 ? ExitCodes.Ok : ExitCodes.Failure;
            }
            finally { Directory.Delete(keys, recursive: true); }
        });
        return bench;
    }
}
