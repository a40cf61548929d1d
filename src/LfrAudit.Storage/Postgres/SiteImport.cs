using System.Data.Common;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit.Records;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Relational;
using LfrAudit.Storage.Sqlite;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// Moves one site's SQLite store into the central store, in one transaction under the site's log lock: its audit
/// log and signed heads byte for byte (so they verify exactly as before, with the same public key), and every
/// record beside them. Alert and purge ids are numbered by the central store (another site may hold the same
/// numbers); the mapping is recorded in the site's log as its next entry, so every old id in the log can be
/// followed. Refused, with nothing written, when the site already has a log in the central store or a
/// deployment or run id is taken by another site.
/// </summary>
internal sealed class SiteImport : ISiteImporter
{
    public void RequireExplainedByLog(IStore siteStore)
    {
        var source = siteStore as SqliteDatabase ?? throw new LfrInputException($"{siteStore.Location}: only a site's SQLite store can be imported");
        if (ImportCrossCheck.Unexplained(source, LoggedRecords.Of(source.Audit.Entries())) is { Count: > 0 } unexplained)
            throw new LfrInputException($"{source.Location}: {ImportCrossCheck.Summary(unexplained)}; nothing was imported");
    }

    public SiteImportCounts Import(IStore siteStore, IStore centralStore)
    {
        var source = siteStore as SqliteDatabase ?? throw new LfrInputException($"{siteStore.Location}: only a site's SQLite store can be imported");
        var target = centralStore as PostgresDatabase ?? throw new LfrInputException($"{centralStore.Location}: the store to import into must be a central (PostgreSQL) store: give --store");
        var site = target.Site;
        if (site == SiteId.Registry)
            throw new LfrInputException($"{target.Location}: '{site}' is the force's registry log, which records sites joining and nothing else; import into one of the force's sites");
        RequireExplainedByLog(source); // again, inside: what is copied is what was checked
        lock (source.Gate)
        lock (target.Gate)
        {
            using var tx = target.Begin();
            target.LockAuditLog(site, tx);
            if (Count(target, tx, "SELECT COUNT(*) FROM audit_entries WHERE site = @site", site) is var existing and > 0)
                throw new LfrInputException($"{target.Location}: site '{site}' already has {existing} audit entries in the central store; import into a new site (--site)");

            var watchlistIds = new Dictionary<long, long>();
            foreach (var w in Rows(source, "SELECT watchlist_id, name, content_hash, model_id, dimension, enrolled_at FROM watchlists ORDER BY watchlist_id"))
            {
                using (var same = target.Command("SELECT watchlist_id FROM watchlists WHERE name = @n AND content_hash = @h ORDER BY watchlist_id LIMIT 1", tx))
                {
                    same.Param("@n", w[1]);
                    same.Param("@h", w[2]);
                    if (same.ExecuteScalar() is { } found) { watchlistIds[(long)w[0]!] = Convert.ToInt64(found); continue; }
                }
                var id = Insert(target, tx, "watchlists", ["name", "content_hash", "model_id", "dimension", "enrolled_at"], w[1..], returning: "watchlist_id");
                watchlistIds[(long)w[0]!] = id;
                Copy(source, target, tx, "watchlist_entries", ["watchlist_id", "entry_id", "category", "source", "authorised_by", "approved_at", "expires_at", "images"],
                    $"WHERE watchlist_id = {(long)w[0]!} ORDER BY rowid", row => row[0] = id);
                Copy(source, target, tx, "watchlist_templates", ["watchlist_id", "entry_id", "image_sha256", "embedding"],
                    $"WHERE watchlist_id = {(long)w[0]!} ORDER BY rowid", row => row[0] = id);
            }

            string[] deploymentColumns = ["deployment_id", "location_name", "location_area", "latitude", "longitude", "planned_start", "planned_end", "purpose",
                "officer_name", "officer_rank", "cameras", "watchlist_name", "threshold", "retention_rejected_s", "retention_unadjudicated_s",
                "retention_confirmed_s", "planned_at", "state", "notice_published_at", "started_at", "ended_at", "outcome_published_at",
                "cancelled_at", "cancel_reason", "override_reason", "override_by", "override_at", "watchlist_hash", "watchlist_entries", "watchlist_categories", "site"];
            int deployments = Copy(source, target, tx, "deployments", deploymentColumns, "ORDER BY planned_at", row => row[^1] = site.Value,
                taken: row => $"deployment {row[0]} already exists in the central store (another site's); rename it before importing");
            Copy(source, target, tx, "deployment_operators", ["deployment_id", "user_name", "assigned_at", "assigned_by"], "ORDER BY deployment_id, user_name");
            Copy(source, target, tx, "threshold_changes", ["deployment_id", "seq", "from_value", "to_value", "changed_by", "reason", "changed_at"], "ORDER BY deployment_id, seq");
            Copy(source, target, tx, "documents", ["deployment_id", "kind", "published_at", "content", "sha256", "anchor"], "ORDER BY published_at");

            int runs = Copy(source, target, tx, "runs", ["run_id", "camera", "source", "watchlist_name", "watchlist_hash", "watchlist_entries", "threshold",
                "min_face_pixels", "min_detection_score", "sampling", "model_id", "deployment_id", "started_at", "ended_at", "end_state", "frames_read",
                "frames_skipped", "frames_dropped", "frames_processed", "faces_seen", "faces_searched", "faces_not_searchable", "alerts_raised",
                "repeat_sightings", "warnings", "host", "pid", "process_started_at", "detections", "searches", "non_matches", "site"], "ORDER BY started_at",
                row => row[^1] = site.Value, taken: row => $"run {row[0]} already exists in the central store; nothing was imported");
            Copy(source, target, tx, "face_counts", ["run_id", "camera", "minute", "faces_seen", "faces_searched", "faces_not_searchable", "alerts", "detections"], "ORDER BY run_id, minute");

            var alertIds = new Dictionary<long, long>();
            string[] alertColumns = ["run_id", "camera", "frame_index", "captured_at", "candidate", "category", "score", "threshold",
                "box_x", "box_y", "box_w", "box_h", "raised_at", "track", "sightings", "last_seen_at", "site"];
            foreach (var a in Rows(source, $"SELECT alert_id, {string.Join(", ", alertColumns)} FROM alerts ORDER BY alert_id"))
            {
                a[^1] = site.Value;
                alertIds[(long)a[0]!] = Insert(target, tx, "alerts", alertColumns, a[1..], returning: "alert_id");
            }
            void WithNewAlertId(object?[] row) => row[0] = alertIds[(long)row[0]!];
            Copy(source, target, tx, "alert_evidence", ["alert_id", "nonce", "ciphertext", "tag"], "ORDER BY alert_id", WithNewAlertId);
            Copy(source, target, tx, "evidence_keys", ["alert_id", "key"], "ORDER BY alert_id", WithNewAlertId);
            Copy(source, target, tx, "adjudications", ["alert_id", "decision", "decided_by", "decided_at", "note"], "ORDER BY alert_id", WithNewAlertId);
            Copy(source, target, tx, "engagements", ["alert_id", "outcome", "recorded_by", "recorded_at", "note"], "ORDER BY alert_id", WithNewAlertId);

            var purgeIds = new Dictionary<long, long>();
            foreach (var p in Rows(source, "SELECT purge_id, purged_at, reason, alerts_purged FROM purges ORDER BY purge_id"))
                purgeIds[(long)p[0]!] = Insert(target, tx, "purges", ["purged_at", "reason", "alerts_purged"], p[1..], returning: "purge_id");

            int usersAdded = 0, usersThere = 0;
            foreach (var u in Rows(source, "SELECT name, role, password_hash, created_at, created_by, disabled_at, removed_at, password_changed_at FROM users ORDER BY name"))
            {
                // Users are the force's: a name the central store knows keeps its central account (and its standing there).
                using var add = target.Command("INSERT INTO users(name, role, password_hash, created_at, created_by, disabled_at, removed_at, password_changed_at) " +
                    "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7) ON CONFLICT (name) DO NOTHING", tx);
                for (int i = 0; i < u.Length; i++) add.Param($"@p{i}", u[i]);
                if (add.ExecuteNonQuery() == 1) usersAdded++; else usersThere++;
            }

            // The log and its heads, exactly as they were: same sequence numbers, same bytes, same signatures.
            long entries = Copy(source, target, tx, "audit_entries", ["seq", "canonical", "leaf_hash", "site"], "ORDER BY seq", row => row[^1] = site.Value);
            long heads = Copy(source, target, tx, "audit_tree_heads", ["tree_size", "root_hash", "timestamp", "key_id", "signature", "site"], "ORDER BY rowid", row => row[^1] = site.Value);
            var root = source.Audit.Tree().Root();
            target.SiteLogOf(site).Append(new StoreImported(source.Location, entries, Convert.ToHexStringLower(root),
                alertIds.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
                purgeIds.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value)), tx);
            tx.Commit();
            return new SiteImportCounts(site, entries, heads, deployments, runs, alertIds.Count, watchlistIds.Count, usersAdded, usersThere, alertIds);
        }
    }

    private static long Count(RelationalDatabase db, StoreTransaction tx, string sql, SiteId site)
    {
        using var c = db.Command(sql, tx);
        c.Param("@site", site.Value);
        return Convert.ToInt64(c.ExecuteScalar());
    }

    internal static List<object?[]> Rows(RelationalDatabase db, string sql, params object?[] args)
    {
        using var c = db.Command(sql);
        for (int i = 0; i < args.Length; i++) c.Param($"@p{i}", args[i]);
        using var r = c.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Copies a table's rows (the columns both stores share), changed by <paramref name="change"/>; the number copied.</summary>
    private static int Copy(SqliteDatabase source, PostgresDatabase target, StoreTransaction tx, string table, string[] columns, string order,
        Action<object?[]>? change = null, Func<object?[], string>? taken = null)
    {
        var sourceColumns = columns.Select(c => c == "site" ? "NULL" : c);
        int n = 0;
        foreach (var row in Rows(source, $"SELECT {string.Join(", ", sourceColumns)} FROM {table} {order}"))
        {
            change?.Invoke(row);
            try { Insert(target, tx, table, columns, row, returning: null); }
            catch (Exception ex) when (taken is not null && target.IsUniqueViolation(ex)) { throw new LfrInputException($"{target.Location}: {taken(row)}"); }
            n++;
        }
        return n;
    }

    private static long Insert(PostgresDatabase target, StoreTransaction tx, string table, string[] columns, object?[] values, string? returning)
    {
        var names = columns.Select((_, i) => $"@p{i}").ToArray();
        using var c = target.Command($"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", names)})"
            + (returning is null ? "" : $" RETURNING {returning}"), tx);
        for (int i = 0; i < columns.Length; i++) Typed(c, names[i], values[i]);
        if (returning is null) { c.ExecuteNonQuery(); return 0; }
        return Convert.ToInt64(c.ExecuteScalar());
    }

    // SQLite hands back long, double, string and byte[]; a null is sent untyped so the server takes the column's type.
    private static void Typed(DbCommand c, string name, object? value)
    {
        var p = c.Param(name, value);
        if (value is null) ((Npgsql.NpgsqlParameter)p).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown;
    }
}
