using System.Text.Json;
using LfrAudit.Core.Identifiers;
using LfrAudit.Governance.Alerts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Matching;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Storage.Relational;

/// <summary>Records runs, alerts and per-minute counts; every call commits before it returns.</summary>
internal sealed class SqlRunJournal(RelationalDatabase db) : IRunStore
{
    private TimeProvider Clock => db.Clock;

    public void BeginRun(RunStart s)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            if (s.Deployment is { } deployment) RequireCameraFree(deployment, s.Camera, tx);
            using var c = db.Command("""
                INSERT INTO runs(run_id, camera, source, watchlist_name, watchlist_hash, watchlist_entries, threshold,
                                 min_face_pixels, min_detection_score, sampling, model_id, started_at, deployment_id,
                                 host, pid, process_started_at, site)
                VALUES (@r,@c,@s,@wn,@wh,@we,@t,@mf,@ms,@sa,@m,@at,@d,@host,@pid,@pst,@site)
                """, tx);
            c.Param("@r", s.Run.Value);
            c.Param("@c", s.Camera.Value);
            c.Param("@s", s.Source);
            c.Param("@wn", s.WatchlistName);
            c.Param("@wh", s.WatchlistContentHash);
            c.Param("@we", s.WatchlistEntries);
            c.Param("@t", s.Threshold.Value);
            c.Param("@mf", s.Gate.MinFaceSizePixels);
            c.Param("@ms", s.Gate.MinDetectionScore);
            c.Param("@sa", s.Sampling);
            c.Param("@m", s.ModelId);
            c.Param("@at", Codec.Time(s.StartedAt));
            c.Text("@d", s.Deployment?.Value);
            c.Param("@site", db.Site.Value);
            // The process's start time is real time even under a simulation clock: it identifies the operating system's
            // process (with host and pid, so a reused pid is not taken for it), is compared with what the system reports,
            // and is never shown or logged as a time of the run.
            var self = RunningProcess.Current;
            c.Param("@host", self.Host);
            c.Param("@pid", self.Pid);
            c.Param("@pst", Codec.Time(self.StartedAt));
            c.ExecuteNonQuery();
            db.SiteLog.Append(s.Event(), tx);
            tx.Commit();
        }
    }

    // Checked again under the write lock: two processes may both have found the camera free before either began.
    private void RequireCameraFree(DeploymentId deployment, CameraId camera, StoreTransaction tx)
    {
        db.LockCamera(deployment, camera, tx);
        using var q = db.Command("SELECT run_id FROM runs WHERE deployment_id = @d AND camera = @c AND ended_at IS NULL", tx);
        q.Param("@d", deployment.Value);
        q.Param("@c", camera.Value);
        if (q.ExecuteScalar() is string open)
            throw new DeploymentRuleException($"camera '{camera}' of deployment {deployment} is already running in run {open}: one run per camera at a time; stop that run first");
    }

    public AlertId RecordAlert(Alert a)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("""
                INSERT INTO alerts(run_id, camera, frame_index, captured_at, candidate, category, score, threshold,
                                   box_x, box_y, box_w, box_h, raised_at, track, site)
                VALUES (@r,@c,@f,@at,@cand,@cat,@s,@t,@x,@y,@w,@h,@raised,@track,@site) RETURNING alert_id
                """, tx);
            c.Param("@r", a.Run.Value);
            c.Param("@c", a.Camera.Value);
            c.Param("@f", a.FrameIndex);
            c.Param("@at", Codec.Time(a.CapturedAt));
            c.Param("@cand", a.Candidate.Value);
            c.Param("@cat", a.Category.ToName());
            c.Param("@s", a.Score);
            c.Param("@t", a.Threshold.Value);
            c.Param("@x", a.FaceBox.X);
            c.Param("@y", a.FaceBox.Y);
            c.Param("@w", a.FaceBox.Width);
            c.Param("@h", a.FaceBox.Height);
            c.Param("@raised", Codec.Time(Clock.GetUtcNow()));
            c.Text("@track", a.Track);
            c.Param("@site", db.Site.Value);
            long id = Convert.ToInt64(c.ExecuteScalar()!);
            var embedding = Codec.Floats(a.ProbeEmbedding);
            var sealedEvidence = EvidenceSealing.Seal(a.ProbeCropJpeg, a.SceneJpeg, embedding);
            using (var e = db.Command("INSERT INTO alert_evidence(alert_id, nonce, ciphertext, tag) VALUES (@id, @n, @c, @t)", tx))
            {
                e.Param("@id", id);
                e.Param("@n", sealedEvidence.Nonce);
                e.Param("@c", sealedEvidence.Ciphertext);
                e.Param("@t", sealedEvidence.Tag);
                e.ExecuteNonQuery();
            }
            using (var k = db.Command("INSERT INTO evidence_keys(alert_id, key) VALUES (@id, @k)", tx))
            {
                k.Param("@id", id);
                k.Param("@k", sealedEvidence.Key);
                k.ExecuteNonQuery();
            }
            // The log holds the hash of the evidence, never the evidence.
            var evidenceHash = a.EvidenceSha256(embedding);
            db.SiteLog.Append(a.Event(new AlertId(id), evidenceHash), tx);
            tx.Commit();
            return new AlertId(id);
        }
    }

    public void RecordFaceCounts(FaceCountMinute m)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            // A minute can be flushed twice (frames out of order at a boundary): add, do not overwrite.
            using var c = db.Command("""
                INSERT INTO face_counts(run_id, camera, minute, faces_seen, faces_searched, faces_not_searchable, alerts, detections)
                VALUES (@r,@c,@m,@seen,@searched,@not,@alerts,@det)
                ON CONFLICT(run_id, camera, minute) DO UPDATE SET
                  detections = face_counts.detections + excluded.detections,
                  faces_seen = face_counts.faces_seen + excluded.faces_seen,
                  faces_searched = face_counts.faces_searched + excluded.faces_searched,
                  faces_not_searchable = face_counts.faces_not_searchable + excluded.faces_not_searchable,
                  alerts = face_counts.alerts + excluded.alerts
                """, tx);
            c.Param("@r", m.Run.Value);
            c.Param("@c", m.Camera.Value);
            c.Param("@m", Codec.Time(m.Minute));
            c.Param("@seen", m.FacesSeen);
            c.Param("@searched", m.FacesSearched);
            c.Param("@not", m.FacesNotSearchable);
            c.Param("@alerts", m.Alerts);
            c.Param("@det", m.Detections);
            c.ExecuteNonQuery();
            db.SiteLog.Append(m.Event(), tx);
            tx.Commit();
        }
    }

    public void RecordSightings(AlertSightingsUpdate u)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            // Sightings only grow: a person joined to an alert by the repeat window reports the running total.
            using var c = db.Command("""
                UPDATE alerts SET sightings = CASE WHEN sightings > @n THEN sightings ELSE @n END,
                  last_seen_at = CASE WHEN COALESCE(last_seen_at, captured_at) > @last THEN COALESCE(last_seen_at, captured_at) ELSE @last END
                WHERE alert_id = @id
                """, tx);
            c.Param("@id", u.Alert.Value);
            c.Param("@n", u.Sightings);
            c.Param("@last", Codec.Time(u.LastSeenAt));
            if (c.ExecuteNonQuery() == 0) return; // purged meanwhile: nothing to attach to
            db.SiteLog.Append(u.Event(), tx);
            tx.Commit();
        }
    }

    public void EndRun(RunSummary s)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("""
                UPDATE runs SET ended_at=@e, end_state=@st, frames_read=@fr, frames_skipped=@fs, frames_dropped=@fd,
                  frames_processed=@fp, faces_seen=@seen, faces_searched=@searched, faces_not_searchable=@not,
                  alerts_raised=@alerts, repeat_sightings=@rep, warnings=@w, detections=@det, searches=@sea, non_matches=@nm
                WHERE run_id=@r
                """, tx);
            c.Param("@r", s.Run.Value);
            c.Param("@e", Codec.Time(s.EndedAt));
            c.Param("@st", s.End.ToString().ToLowerInvariant());
            c.Param("@fr", s.FramesRead);
            c.Param("@fs", s.FramesSkippedBySampling);
            c.Param("@fd", s.FramesDroppedBehindLive);
            c.Param("@fp", s.FramesProcessed);
            c.Param("@seen", s.FacesSeen);
            c.Param("@searched", s.FacesSearched);
            c.Param("@not", s.FacesNotSearchable);
            c.Param("@alerts", s.AlertsRaised);
            c.Param("@rep", s.RepeatSightings);
            c.Param("@det", s.Detections);
            c.Param("@sea", s.Searches);
            c.Param("@nm", s.NonMatchesDiscarded);
            c.Param("@w", JsonSerializer.Serialize(s.Warnings));
            c.ExecuteNonQuery();
            db.SiteLog.Append(s.Event(), tx);
            tx.Commit();
        }
    }

    /// <summary>
    /// Closes every unfinished run of this host whose process is gone (killed, or the machine restarted) as
    /// interrupted, with the faces seen and alerts it had committed; retention then applies to its alerts as
    /// to any ended run's. A run of another host is left alone: only that host can tell whether it still runs.
    /// </summary>
    public IReadOnlyList<InterruptedRun> CloseInterruptedRuns()
    {
        lock (db.Gate)
        {
            // Every writing command asks this; most of the time no run is open, and then no write lock is taken.
            if (db.Scalar<long>("SELECT COUNT(*) FROM runs WHERE ended_at IS NULL") == 0) return [];
            using var tx = db.Begin();
            var orphans = new List<string>();
            using (var q = db.Command("SELECT run_id, host, pid, process_started_at FROM runs WHERE ended_at IS NULL", tx))
            using (var r = q.ExecuteReader())
                while (r.Read())
                {
                    var owner = r.IsDBNull(2) ? null : new RunningProcess(r.IsDBNull(1) ? "" : r.GetString(1), (int)r.GetInt64(2), Codec.Time(r.GetString(3)));
                    if (owner is null || (owner.Host == RunningProcess.Current.Host && !owner.IsAlive())) orphans.Add(r.GetString(0));
                }
            var closed = new List<InterruptedRun>();
            var now = Clock.GetUtcNow();
            foreach (var run in orphans)
            {
                using var counts = db.Command("""
                    SELECT (SELECT CAST(COALESCE(SUM(faces_seen), 0) AS BIGINT) FROM face_counts WHERE run_id = @r),
                           (SELECT CAST(COALESCE(SUM(faces_searched), 0) AS BIGINT) FROM face_counts WHERE run_id = @r),
                           (SELECT COUNT(*) FROM alerts WHERE run_id = @r),
                           (SELECT MAX(captured_at) FROM alerts WHERE run_id = @r)
                    """, tx);
                counts.Param("@r", run);
                InterruptedRun closedRun;
                using (var r = counts.ExecuteReader())
                {
                    r.Read();
                    // Closed now, but never before an alert it raised: a file read faster than it plays dates frames ahead of the clock.
                    var lastAlert = r.IsDBNull(3) ? (DateTimeOffset?)null : Codec.Time(r.GetString(3));
                    closedRun = new InterruptedRun(new RunId(run), r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), lastAlert > now ? lastAlert.Value : now);
                }
                using var u = db.Command("""
                    UPDATE runs SET ended_at = @e, end_state = 'interrupted', faces_seen = @seen, faces_searched = @searched,
                      faces_not_searchable = @seen - @searched, alerts_raised = @alerts WHERE run_id = @r AND ended_at IS NULL
                    """, tx);
                u.Param("@r", run);
                u.Param("@e", Codec.Time(closedRun.ClosedAt));
                u.Param("@seen", closedRun.FacesSeen);
                u.Param("@searched", closedRun.FacesSearched);
                u.Param("@alerts", closedRun.AlertsRaised);
                // Another site's upkeep on this host may have closed it first (a central store): record it once.
                if (u.ExecuteNonQuery() == 0) continue;
                db.SiteLog.Append(closedRun.Event(), tx);
                closed.Add(closedRun);
            }
            tx.Commit();
            return closed;
        }
    }

    /// <summary>The watchlist (name, content hash) a run searched.</summary>
    public (string Name, string ContentHash)? WatchlistOf(RunId run)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT watchlist_name, watchlist_hash FROM runs WHERE run_id = @r");
            c.Param("@r", run.Value);
            using var r = c.ExecuteReader();
            return r.Read() ? (r.GetString(0), r.GetString(1)) : null;
        }
    }

    public DeploymentId? DeploymentOf(RunId run)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT deployment_id FROM runs WHERE run_id = @r");
            c.Param("@r", run.Value);
            return c.ExecuteScalar() is string id ? new DeploymentId(id) : null;
        }
    }

    public IReadOnlyList<StoredAlert> List(RunId? run = null) =>
        Alerts("WHERE (@r IS NULL OR run_id = @r)", c => c.Text("@r", run?.Value));

    public StoredAlert? Find(AlertId id) => Alerts("WHERE a.alert_id = @a", c => c.Param("@a", id.Value)) is [var one] ? one : null;

    public IReadOnlyList<AlertSummary> Summaries() => Summaries("", _ => { });

    public IReadOnlyList<AlertSummary> Undecided() =>
        Summaries("WHERE NOT EXISTS (SELECT 1 FROM adjudications d WHERE d.alert_id = a.alert_id)", _ => { });

    public AlertSummary? Summary(AlertId id) => Summaries("WHERE a.alert_id = @a", c => c.Param("@a", id.Value)) is [var one] ? one : null;

    // Alerts as listed, with their run's deployment: the sealed evidence is only asked whether it is still there, never read.
    private List<AlertSummary> Summaries(string where, Action<System.Data.Common.DbCommand> bind)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"""
                SELECT a.alert_id, a.run_id, a.camera, frame_index, captured_at, candidate, category, score, a.threshold,
                       box_x, box_y, box_w, box_h, raised_at, track, sightings, last_seen_at, r.deployment_id,
                       CASE WHEN EXISTS (SELECT 1 FROM evidence_keys k WHERE k.alert_id = a.alert_id)
                             AND EXISTS (SELECT 1 FROM alert_evidence e WHERE e.alert_id = a.alert_id) THEN 1 ELSE 0 END
                FROM alerts a JOIN runs r ON r.run_id = a.run_id
                {where} ORDER BY a.alert_id
                """);
            bind(c);
            using var r = c.ExecuteReader();
            var list = new List<AlertSummary>();
            while (r.Read())
            {
                WatchlistCategories.TryParse(r.GetString(6), out var category);
                list.Add(new AlertSummary(new AlertId(r.GetInt64(0)), new RunId(r.GetString(1)), r.IsDBNull(17) ? null : new DeploymentId(r.GetString(17)),
                    new CameraId(r.GetString(2)), r.GetInt64(3), Codec.Time(r.GetString(4)), new WatchlistEntryId(r.GetString(5)), category,
                    r.GetFloat(7), new Threshold(r.GetDouble(8)), new BoxF(r.GetFloat(9), r.GetFloat(10), r.GetFloat(11), r.GetFloat(12)),
                    Codec.Time(r.GetString(13)), r.IsDBNull(14) ? null : r.GetString(14), (int)r.GetInt64(15),
                    r.IsDBNull(16) ? null : Codec.Time(r.GetString(16)), Convert.ToInt64(r.GetValue(18), System.Globalization.CultureInfo.InvariantCulture) == 1));
            }
            return list;
        }
    }

    // Alerts as stored, their evidence opened while its key is held, chosen by one WHERE clause.
    private List<StoredAlert> Alerts(string where, Action<System.Data.Common.DbCommand> bind)
    {
        lock (db.Gate)
        {
            using var c = db.Command($"""
                SELECT a.alert_id, run_id, camera, frame_index, captured_at, candidate, category, score, threshold,
                       box_x, box_y, box_w, box_h, k.key, e.nonce, e.ciphertext, e.tag, raised_at, track, sightings, last_seen_at
                FROM alerts a LEFT JOIN alert_evidence e ON e.alert_id = a.alert_id LEFT JOIN evidence_keys k ON k.alert_id = a.alert_id
                {where} ORDER BY a.alert_id
                """);
            bind(c);
            using var r = c.ExecuteReader();
            var list = new List<StoredAlert>();
            while (r.Read())
            {
                WatchlistCategories.TryParse(r.GetString(6), out var category);
                // No key, no evidence: once retention destroyed the key the crop and embedding are gone for good.
                byte[]? key = r.IsDBNull(13) ? null : (byte[])r[13];
                var (crop, scene, embedding) = key is null || r.IsDBNull(15)
                    ? ([], [], [])
                    : EvidenceSealing.Open(key, (byte[])r[14], (byte[])r[15], (byte[])r[16]);
                if (crop.Length > 0) EvidenceMetrics.Opened.Add(1, new KeyValuePair<string, object?>("store", db.Location));
                var alert = new Alert(new RunId(r.GetString(1)), new CameraId(r.GetString(2)), r.GetInt64(3), Codec.Time(r.GetString(4)),
                    new WatchlistEntryId(r.GetString(5)), category, r.GetFloat(7), new Threshold(r.GetDouble(8)),
                    new BoxF(r.GetFloat(9), r.GetFloat(10), r.GetFloat(11), r.GetFloat(12)), crop, Codec.Floats(embedding),
                    r.IsDBNull(18) ? null : r.GetString(18))
                { Sightings = (int)r.GetInt64(19), LastSeenAt = r.IsDBNull(20) ? null : Codec.Time(r.GetString(20)), SceneJpeg = scene };
                // The plaintext bytes are wiped once copied into the alert, and so is the key read to open them.
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(embedding);
                if (key is not null) System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
                list.Add(new StoredAlert(new AlertId(r.GetInt64(0)), alert, Codec.Time(r.GetString(17))));
            }
            return list;
        }
    }
}
