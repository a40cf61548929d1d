using System.Text.Json;
using LfrAudit.Core.Audit;
using LfrAudit.Core.Domain;
using LfrAudit.Core.Pipeline;
using LfrAudit.Core.Ports;

namespace LfrAudit.Storage.Sqlite;

/// <summary>Records runs, alerts and per-minute counts; every call commits before it returns.</summary>
public sealed class SqliteRunJournal(SqliteDatabase db, IClock clock) : IRunStore
{
    public void BeginRun(RunStart s)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("""
                INSERT INTO runs(run_id, camera, source, watchlist_name, watchlist_hash, watchlist_entries, threshold,
                                 min_face_pixels, min_detection_score, sampling, model_id, started_at, deployment_id,
                                 host, pid, process_started_at)
                VALUES ($r,$c,$s,$wn,$wh,$we,$t,$mf,$ms,$sa,$m,$at,$d,$host,$pid,$pst)
                """, tx);
            c.Parameters.AddWithValue("$r", s.Run.Value);
            c.Parameters.AddWithValue("$c", s.Camera.Value);
            c.Parameters.AddWithValue("$s", s.Source);
            c.Parameters.AddWithValue("$wn", s.WatchlistName);
            c.Parameters.AddWithValue("$wh", s.WatchlistContentHash);
            c.Parameters.AddWithValue("$we", s.WatchlistEntries);
            c.Parameters.AddWithValue("$t", s.Threshold.Value);
            c.Parameters.AddWithValue("$mf", s.Gate.MinFaceSizePixels);
            c.Parameters.AddWithValue("$ms", s.Gate.MinDetectionScore);
            c.Parameters.AddWithValue("$sa", s.Sampling);
            c.Parameters.AddWithValue("$m", s.ModelId);
            c.Parameters.AddWithValue("$at", Codec.Time(s.StartedAt));
            c.Parameters.AddWithValue("$d", (object?)s.Deployment?.Value ?? DBNull.Value);
            var self = RunningProcess.Current;
            c.Parameters.AddWithValue("$host", self.Host);
            c.Parameters.AddWithValue("$pid", self.Pid);
            c.Parameters.AddWithValue("$pst", Codec.Time(self.StartedAt));
            c.ExecuteNonQuery();
            db.Audit.Append(AuditEvents.RunStarted(s), tx);
            tx.Commit();
        }
    }

    public AlertId RecordAlert(Alert a)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("""
                INSERT INTO alerts(run_id, camera, frame_index, captured_at, candidate, category, score, threshold,
                                   box_x, box_y, box_w, box_h, raised_at, track)
                VALUES ($r,$c,$f,$at,$cand,$cat,$s,$t,$x,$y,$w,$h,$raised,$track) RETURNING alert_id
                """, tx);
            c.Parameters.AddWithValue("$r", a.Run.Value);
            c.Parameters.AddWithValue("$c", a.Camera.Value);
            c.Parameters.AddWithValue("$f", a.FrameIndex);
            c.Parameters.AddWithValue("$at", Codec.Time(a.CapturedAt));
            c.Parameters.AddWithValue("$cand", a.Candidate.Value);
            c.Parameters.AddWithValue("$cat", a.Category.ToName());
            c.Parameters.AddWithValue("$s", a.Score);
            c.Parameters.AddWithValue("$t", a.Threshold.Value);
            c.Parameters.AddWithValue("$x", a.FaceBox.X);
            c.Parameters.AddWithValue("$y", a.FaceBox.Y);
            c.Parameters.AddWithValue("$w", a.FaceBox.Width);
            c.Parameters.AddWithValue("$h", a.FaceBox.Height);
            c.Parameters.AddWithValue("$raised", Codec.Time(clock.UtcNow));
            c.Parameters.AddWithValue("$track", (object?)a.Track ?? DBNull.Value);
            long id = (long)c.ExecuteScalar()!;
            var embedding = Codec.Floats(a.ProbeEmbedding);
            var sealedEvidence = EvidenceSealing.Seal(a.ProbeCropJpeg, embedding);
            using (var e = db.Command("INSERT INTO alert_evidence VALUES ($id, $n, $c, $t)", tx))
            {
                e.Parameters.AddWithValue("$id", id);
                e.Parameters.AddWithValue("$n", sealedEvidence.Nonce);
                e.Parameters.AddWithValue("$c", sealedEvidence.Ciphertext);
                e.Parameters.AddWithValue("$t", sealedEvidence.Tag);
                e.ExecuteNonQuery();
            }
            using (var k = db.Command("INSERT INTO evidence_keys VALUES ($id, $k)", tx))
            {
                k.Parameters.AddWithValue("$id", id);
                k.Parameters.AddWithValue("$k", sealedEvidence.Key);
                k.ExecuteNonQuery();
            }
            // The log holds the hash of the evidence, never the evidence.
            var evidenceHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. a.ProbeCropJpeg, .. embedding]));
            db.Audit.Append(AuditEvents.AlertRaised(new AlertId(id), a, evidenceHash), tx);
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
                VALUES ($r,$c,$m,$seen,$searched,$not,$alerts,$det)
                ON CONFLICT(run_id, camera, minute) DO UPDATE SET
                  detections = detections + excluded.detections,
                  faces_seen = faces_seen + excluded.faces_seen,
                  faces_searched = faces_searched + excluded.faces_searched,
                  faces_not_searchable = faces_not_searchable + excluded.faces_not_searchable,
                  alerts = alerts + excluded.alerts
                """, tx);
            c.Parameters.AddWithValue("$r", m.Run.Value);
            c.Parameters.AddWithValue("$c", m.Camera.Value);
            c.Parameters.AddWithValue("$m", Codec.Time(m.Minute));
            c.Parameters.AddWithValue("$seen", m.FacesSeen);
            c.Parameters.AddWithValue("$searched", m.FacesSearched);
            c.Parameters.AddWithValue("$not", m.FacesNotSearchable);
            c.Parameters.AddWithValue("$alerts", m.Alerts);
            c.Parameters.AddWithValue("$det", m.Detections);
            c.ExecuteNonQuery();
            db.Audit.Append(AuditEvents.FacesCounted(m), tx);
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
                UPDATE alerts SET sightings = MAX(sightings, $n), last_seen_at = MAX(COALESCE(last_seen_at, captured_at), $last)
                WHERE alert_id = $id
                """, tx);
            c.Parameters.AddWithValue("$id", u.Alert.Value);
            c.Parameters.AddWithValue("$n", u.Sightings);
            c.Parameters.AddWithValue("$last", Codec.Time(u.LastSeenAt));
            if (c.ExecuteNonQuery() == 0) return; // purged meanwhile: nothing to attach to
            db.Audit.Append(AuditEvents.AlertSighted(u), tx);
            tx.Commit();
        }
    }

    public void EndRun(RunSummary s)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command("""
                UPDATE runs SET ended_at=$e, end_state=$st, frames_read=$fr, frames_skipped=$fs, frames_dropped=$fd,
                  frames_processed=$fp, faces_seen=$seen, faces_searched=$searched, faces_not_searchable=$not,
                  alerts_raised=$alerts, repeat_sightings=$rep, warnings=$w, detections=$det, searches=$sea, non_matches=$nm
                WHERE run_id=$r
                """, tx);
            c.Parameters.AddWithValue("$r", s.Run.Value);
            c.Parameters.AddWithValue("$e", Codec.Time(s.EndedAt));
            c.Parameters.AddWithValue("$st", s.End.ToString().ToLowerInvariant());
            c.Parameters.AddWithValue("$fr", s.FramesRead);
            c.Parameters.AddWithValue("$fs", s.FramesSkippedBySampling);
            c.Parameters.AddWithValue("$fd", s.FramesDroppedBehindLive);
            c.Parameters.AddWithValue("$fp", s.FramesProcessed);
            c.Parameters.AddWithValue("$seen", s.FacesSeen);
            c.Parameters.AddWithValue("$searched", s.FacesSearched);
            c.Parameters.AddWithValue("$not", s.FacesNotSearchable);
            c.Parameters.AddWithValue("$alerts", s.AlertsRaised);
            c.Parameters.AddWithValue("$rep", s.RepeatSightings);
            c.Parameters.AddWithValue("$det", s.Detections);
            c.Parameters.AddWithValue("$sea", s.Searches);
            c.Parameters.AddWithValue("$nm", s.NonMatchesDiscarded);
            c.Parameters.AddWithValue("$w", JsonSerializer.Serialize(s.Warnings));
            c.ExecuteNonQuery();
            db.Audit.Append(AuditEvents.RunEnded(s), tx);
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
                    var owner = r.IsDBNull(2) ? null : new RunningProcess(r.IsDBNull(1) ? "" : r.GetString(1), r.GetInt32(2), Codec.Time(r.GetString(3)));
                    if (owner is null || (owner.Host == RunningProcess.Current.Host && !owner.IsAlive())) orphans.Add(r.GetString(0));
                }
            var closed = new List<InterruptedRun>();
            var now = clock.UtcNow;
            foreach (var run in orphans)
            {
                using var counts = db.Command("""
                    SELECT (SELECT COALESCE(SUM(faces_seen), 0) FROM face_counts WHERE run_id = $r),
                           (SELECT COALESCE(SUM(faces_searched), 0) FROM face_counts WHERE run_id = $r),
                           (SELECT COUNT(*) FROM alerts WHERE run_id = $r)
                    """, tx);
                counts.Parameters.AddWithValue("$r", run);
                InterruptedRun closedRun;
                using (var r = counts.ExecuteReader())
                {
                    r.Read();
                    closedRun = new InterruptedRun(new RunId(run), r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), now);
                }
                using var u = db.Command("""
                    UPDATE runs SET ended_at = $e, end_state = 'interrupted', faces_seen = $seen, faces_searched = $searched,
                      faces_not_searchable = $seen - $searched, alerts_raised = $alerts WHERE run_id = $r AND ended_at IS NULL
                    """, tx);
                u.Parameters.AddWithValue("$r", run);
                u.Parameters.AddWithValue("$e", Codec.Time(now));
                u.Parameters.AddWithValue("$seen", closedRun.FacesSeen);
                u.Parameters.AddWithValue("$searched", closedRun.FacesSearched);
                u.Parameters.AddWithValue("$alerts", closedRun.AlertsRaised);
                u.ExecuteNonQuery();
                db.Audit.Append(AuditEvents.RunInterrupted(closedRun), tx);
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
            using var c = db.Command("SELECT watchlist_name, watchlist_hash FROM runs WHERE run_id = $r");
            c.Parameters.AddWithValue("$r", run.Value);
            using var r = c.ExecuteReader();
            return r.Read() ? (r.GetString(0), r.GetString(1)) : null;
        }
    }

    public IReadOnlyList<StoredAlert> List(RunId? run = null)
    {
        lock (db.Gate)
        {
            using var c = db.Command("""
                SELECT a.alert_id, run_id, camera, frame_index, captured_at, candidate, category, score, threshold,
                       box_x, box_y, box_w, box_h, k.key, e.nonce, e.ciphertext, e.tag, raised_at, track, sightings, last_seen_at
                FROM alerts a LEFT JOIN alert_evidence e ON e.alert_id = a.alert_id LEFT JOIN evidence_keys k ON k.alert_id = a.alert_id
                WHERE ($r IS NULL OR run_id = $r) ORDER BY a.alert_id
                """);
            c.Parameters.AddWithValue("$r", (object?)run?.Value ?? DBNull.Value);
            using var r = c.ExecuteReader();
            var list = new List<StoredAlert>();
            while (r.Read())
            {
                WatchlistCategories.TryParse(r.GetString(6), out var category);
                // No key, no evidence: once retention destroyed the key the crop and embedding are gone for good.
                var (crop, embedding) = r.IsDBNull(13) || r.IsDBNull(15)
                    ? ([], [])
                    : EvidenceSealing.Open((byte[])r[13], (byte[])r[14], (byte[])r[15], (byte[])r[16]);
                var alert = new Alert(new RunId(r.GetString(1)), new CameraId(r.GetString(2)), r.GetInt64(3), Codec.Time(r.GetString(4)),
                    new WatchlistEntryId(r.GetString(5)), category, r.GetFloat(7), new Threshold(r.GetDouble(8)),
                    new BoxF(r.GetFloat(9), r.GetFloat(10), r.GetFloat(11), r.GetFloat(12)), crop, Codec.Floats(embedding),
                    r.IsDBNull(18) ? null : r.GetString(18))
                { Sightings = r.GetInt32(19), LastSeenAt = r.IsDBNull(20) ? null : Codec.Time(r.GetString(20)) };
                list.Add(new StoredAlert(new AlertId(r.GetInt64(0)), alert, Codec.Time(r.GetString(17))));
            }
            return list;
        }
    }
}
