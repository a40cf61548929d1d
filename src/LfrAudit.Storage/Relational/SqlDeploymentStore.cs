using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Adjudication;
using LfrAudit.Governance.Deployments;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Storage.Relational;

internal sealed class SqlDeploymentStore(RelationalDatabase db) : IDeploymentStore
{
    private const string Columns = """
        deployment_id, location_name, location_area, latitude, longitude, planned_start, planned_end, purpose,
        officer_name, officer_rank, cameras, watchlist_name, threshold, retention_rejected_s, retention_unadjudicated_s,
        retention_confirmed_s, planned_at, state, notice_published_at, started_at, ended_at, outcome_published_at,
        cancelled_at, cancel_reason, override_reason, override_by, override_at, watchlist_hash, watchlist_entries, watchlist_categories, site
        """;

    public void Add(Deployment d)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using (var exists = db.Command("SELECT 1 FROM deployments WHERE deployment_id = @id", tx))
            {
                exists.Param("@id", d.Id.Value);
                if (exists.ExecuteScalar() is not null) throw new DeploymentRuleException($"deployment {d.Id} already exists");
            }
            Write(d, tx, insert: true);
            tx.Commit();
        }
    }

    public void Update(Deployment d)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            Write(d, tx, insert: false);
            tx.Commit();
        }
    }

    private void Write(Deployment d, StoreTransaction tx, bool insert)
    {
        var names = Columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sql = insert
            ? $"INSERT INTO deployments ({Columns}) VALUES ({string.Join(',', names.Select(n => "@" + n))})"
            : $"UPDATE deployments SET {string.Join(',', names.Skip(1).SkipLast(1).Select(n => $"{n} = @{n}"))} WHERE deployment_id = @deployment_id";
        using var c = db.Command(sql, tx);
        string? T(DateTimeOffset? t) => t is { } x ? Codec.Time(x) : null;
        c.Param("@deployment_id", d.Id.Value);
        c.Param("@location_name", d.Location.Name);
        c.Param("@location_area", d.Location.Area);
        c.Param("@latitude", d.Location.Latitude).DbType = System.Data.DbType.Double;
        c.Param("@longitude", d.Location.Longitude).DbType = System.Data.DbType.Double;
        c.Param("@planned_start", Codec.Time(d.PlannedStart));
        c.Param("@planned_end", Codec.Time(d.PlannedEnd));
        c.Param("@purpose", d.Purpose);
        c.Param("@officer_name", d.Officer.Name);
        c.Param("@officer_rank", d.Officer.Rank);
        c.Param("@cameras", JsonSerializer.Serialize(d.Cameras.Select(x => x.Value)));
        c.Param("@watchlist_name", d.WatchlistName);
        c.Param("@threshold", d.Threshold.Value);
        c.Param("@retention_rejected_s", (long)d.Retention.RejectedAlert.TotalSeconds);
        c.Param("@retention_unadjudicated_s", (long)d.Retention.UnadjudicatedAfterEnd.TotalSeconds);
        c.Param("@retention_confirmed_s", (long)d.Retention.ConfirmedMatch.TotalSeconds);
        c.Param("@planned_at", Codec.Time(d.PlannedAt));
        c.Param("@state", d.State.ToString());
        c.Text("@notice_published_at", T(d.NoticePublishedAt));
        c.Text("@started_at", T(d.StartedAt));
        c.Text("@ended_at", T(d.EndedAt));
        c.Text("@outcome_published_at", T(d.OutcomePublishedAt));
        c.Text("@cancelled_at", T(d.CancelledAt));
        c.Text("@cancel_reason", d.CancelReason);
        c.Text("@override_reason", d.Override?.Reason);
        c.Text("@override_by", d.Override?.By);
        c.Text("@override_at", T(d.Override?.At));
        c.Text("@watchlist_hash", d.Watchlist?.ContentHash);
        c.Int64("@watchlist_entries", d.Watchlist?.Entries);
        c.Text("@watchlist_categories", d.Watchlist is { } w
            ? JsonSerializer.Serialize(w.Categories.ToDictionary(kv => kv.Key.ToName(), kv => kv.Value)) : null);
        // A deployment belongs to the site that planned it; later changes from elsewhere (the central console) keep it there.
        if (insert) c.Param("@site", db.Site.Value);
        if (c.ExecuteNonQuery() != 1) throw new DeploymentRuleException($"deployment {d.Id} does not exist");

        // Threshold changes are append-only: write the ones the store has not seen.
        long known;
        using (var count = db.Command("SELECT COUNT(*) FROM threshold_changes WHERE deployment_id = @id", tx))
        {
            count.Param("@id", d.Id.Value);
            known = Convert.ToInt64(count.ExecuteScalar()!);
        }
        for (int i = (int)known; i < d.ThresholdChanges.Count; i++)
        {
            var t = d.ThresholdChanges[i];
            using var add = db.Command("INSERT INTO threshold_changes(deployment_id, seq, from_value, to_value, changed_by, reason, changed_at) VALUES (@id,@seq,@from,@to,@by,@why,@at)", tx);
            add.Param("@id", d.Id.Value);
            add.Param("@seq", i);
            add.Param("@from", t.From.Value);
            add.Param("@to", t.To.Value);
            add.Param("@by", t.By);
            add.Param("@why", t.Reason);
            add.Param("@at", Codec.Time(t.At));
            add.ExecuteNonQuery();
        }
    }

    public Deployment? Find(DeploymentId id) => Read("WHERE deployment_id = @id", id.Value).SingleOrDefault();

    public IReadOnlyList<Deployment> List() => Read("", null);

    private List<Deployment> Read(string where, string? id)
    {
        lock (db.Gate)
        {
            var changes = new Dictionary<string, List<ThresholdChange>>();
            using (var c = db.Command("SELECT deployment_id, from_value, to_value, changed_by, reason, changed_at FROM threshold_changes ORDER BY deployment_id, seq"))
            using (var r = c.ExecuteReader())
                while (r.Read())
                {
                    if (!changes.TryGetValue(r.GetString(0), out var list)) changes[r.GetString(0)] = list = [];
                    list.Add(new ThresholdChange(new Threshold(r.GetDouble(1)), new Threshold(r.GetDouble(2)), r.GetString(3), r.GetString(4), Codec.Time(r.GetString(5))));
                }

            using var q = db.Command($"SELECT {Columns} FROM deployments {where} ORDER BY planned_start, deployment_id");
            if (id is not null) q.Param("@id", id);
            using var rd = q.ExecuteReader();
            var all = new List<Deployment>();
            while (rd.Read())
            {
                string? S(int i) => rd.IsDBNull(i) ? null : rd.GetString(i);
                DateTimeOffset? T(int i) => rd.IsDBNull(i) ? null : Codec.Time(rd.GetString(i));
                double? D(int i) => rd.IsDBNull(i) ? null : rd.GetDouble(i);
                var did = rd.GetString(0);
                FrozenWatchlist? frozen = S(27) is { } hash
                    ? new FrozenWatchlist(rd.GetString(11), hash, (int)rd.GetInt64(28),
                        (JsonSerializer.Deserialize<Dictionary<string, int>>(rd.GetString(29)) ?? [])
                            .ToDictionary(kv => WatchlistCategories.TryParse(kv.Key, out var cat) ? cat : default, kv => kv.Value))
                    : null;
                all.Add(new Deployment(
                    new DeploymentId(did),
                    new DeploymentLocation(rd.GetString(1), rd.GetString(2), D(3), D(4)),
                    Codec.Time(rd.GetString(5)), Codec.Time(rd.GetString(6)), rd.GetString(7),
                    new AuthorisingOfficer(rd.GetString(8), rd.GetString(9)),
                    (JsonSerializer.Deserialize<List<string>>(rd.GetString(10)) ?? []).Select(x => new CameraId(x)).ToList(),
                    rd.GetString(11), new Threshold(rd.GetDouble(12)),
                    new RetentionPolicy(TimeSpan.FromSeconds(rd.GetInt64(13)), TimeSpan.FromSeconds(rd.GetInt64(14)), TimeSpan.FromSeconds(rd.GetInt64(15))),
                    Codec.Time(rd.GetString(16)), Enum.Parse<DeploymentState>(rd.GetString(17)),
                    T(18), T(19), T(20), T(21), T(22), S(23),
                    S(24) is { } reason ? new UrgentOverride(reason, S(25)!, T(26)!.Value) : null,
                    frozen, changes.GetValueOrDefault(did), SiteId.Parse(rd.GetString(30))));
            }
            return all;
        }
    }

    public IReadOnlyList<DeploymentRun> RunsOf(DeploymentId id)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT run_id, camera, threshold, started_at, end_state, COALESCE(faces_seen, 0) FROM runs WHERE deployment_id = @id ORDER BY started_at, run_id");
            c.Param("@id", id.Value);
            using var r = c.ExecuteReader();
            var runs = new List<DeploymentRun>();
            while (r.Read())
                runs.Add(new DeploymentRun(new RunId(r.GetString(0)), new CameraId(r.GetString(1)), new Threshold(r.GetDouble(2)), Codec.Time(r.GetString(3)),
                    r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5)));
            return runs;
        }
    }

    public OutcomeFigures Figures(DeploymentId id)
    {
        lock (db.Gate)
        {
            using var c = db.Command("""
                SELECT
                  (SELECT CAST(COALESCE(SUM(f.faces_seen), 0) AS BIGINT) FROM face_counts f JOIN runs r ON r.run_id = f.run_id WHERE r.deployment_id = @id),
                  COUNT(a.alert_id),
                  COALESCE(SUM(CASE WHEN j.decision = 'confirm' THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN j.decision = 'reject' THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN j.decision = 'unsure' THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN j.decision IS NULL AND a.alert_id IS NOT NULL THEN 1 ELSE 0 END), 0)
                FROM runs r
                JOIN alerts a ON a.run_id = r.run_id
                LEFT JOIN adjudications j ON j.alert_id = a.alert_id
                WHERE r.deployment_id = @id
                """);
            c.Param("@id", id.Value);
            long seen, alerts, confirmed, rejected, unsure, undecided;
            using (var r = c.ExecuteReader())
            {
                r.Read();
                (seen, alerts, confirmed, rejected, unsure, undecided) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
            }
            var engagements = new Dictionary<EngagementOutcome, long>();
            using (var e = db.Command("""
                SELECT g.outcome, COUNT(*) FROM engagements g JOIN alerts a ON a.alert_id = g.alert_id JOIN runs r ON r.run_id = a.run_id
                WHERE r.deployment_id = @id GROUP BY g.outcome
                """))
            {
                e.Param("@id", id.Value);
                using var r = e.ExecuteReader();
                while (r.Read()) engagements[AdjudicationNames.ParseOutcome(r.GetString(0))] = r.GetInt64(1);
            }
            using var i = db.Command("SELECT COUNT(*) FROM runs WHERE deployment_id = @id AND end_state = 'interrupted'");
            i.Param("@id", id.Value);
            var interrupted = Convert.ToInt64(i.ExecuteScalar()!);
            var models = new List<string>();
            using (var m = db.Command("SELECT DISTINCT model_id FROM runs WHERE deployment_id = @id"))
            {
                m.Param("@id", id.Value);
                using var r = m.ExecuteReader();
                while (r.Read()) models.Add(r.GetString(0));
            }
            // Ordered here, not by the database: SQLite and PostgreSQL collate text differently.
            return new OutcomeFigures(seen, alerts, confirmed, rejected, unsure, undecided, engagements, interrupted)
            {
                Models = [.. models.Order(StringComparer.Ordinal)],
            };
        }
    }
}
