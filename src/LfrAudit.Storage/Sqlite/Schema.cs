namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The tables. There is deliberately no table for non-matches: what survives of a face that did not
/// alert is a count in face_counts.
/// </summary>
internal static class Schema
{
    public const string V1 = """
        CREATE TABLE watchlists (
            watchlist_id  INTEGER PRIMARY KEY AUTOINCREMENT,
            name          TEXT NOT NULL,
            content_hash  TEXT NOT NULL,
            model_id      TEXT NOT NULL,
            dimension     INTEGER NOT NULL,
            enrolled_at   TEXT NOT NULL
        );
        CREATE INDEX watchlists_by_name ON watchlists(name);

        CREATE TABLE watchlist_entries (
            watchlist_id   INTEGER NOT NULL REFERENCES watchlists(watchlist_id) ON DELETE CASCADE,
            entry_id       TEXT NOT NULL,
            category       TEXT NOT NULL,
            source         TEXT NOT NULL,
            authorised_by  TEXT NOT NULL,
            approved_at    TEXT NOT NULL,
            expires_at     TEXT NOT NULL,
            images         TEXT NOT NULL,
            PRIMARY KEY (watchlist_id, entry_id)
        );

        CREATE TABLE watchlist_templates (
            watchlist_id  INTEGER NOT NULL REFERENCES watchlists(watchlist_id) ON DELETE CASCADE,
            entry_id      TEXT NOT NULL,
            image_sha256  TEXT NOT NULL,
            embedding     BLOB NOT NULL
        );

        CREATE TABLE runs (
            run_id                 TEXT PRIMARY KEY,
            camera                 TEXT NOT NULL,
            source                 TEXT NOT NULL,
            watchlist_name         TEXT NOT NULL,
            watchlist_hash         TEXT NOT NULL,
            watchlist_entries      INTEGER NOT NULL,
            threshold              REAL NOT NULL,
            min_face_pixels        INTEGER NOT NULL,
            min_detection_score    REAL NOT NULL,
            sampling               TEXT NOT NULL,
            model_id               TEXT NOT NULL,
            started_at             TEXT NOT NULL,
            ended_at               TEXT,
            end_state              TEXT,
            frames_read            INTEGER,
            frames_skipped         INTEGER,
            frames_dropped         INTEGER,
            frames_processed       INTEGER,
            faces_seen             INTEGER,
            faces_searched         INTEGER,
            faces_not_searchable   INTEGER,
            alerts_raised          INTEGER,
            repeat_sightings       INTEGER,
            warnings               TEXT
        );

        CREATE TABLE face_counts (
            run_id                TEXT NOT NULL REFERENCES runs(run_id),
            camera                TEXT NOT NULL,
            minute                TEXT NOT NULL,
            faces_seen            INTEGER NOT NULL,
            faces_searched        INTEGER NOT NULL,
            faces_not_searchable  INTEGER NOT NULL,
            alerts                INTEGER NOT NULL,
            PRIMARY KEY (run_id, camera, minute)
        );

        CREATE TABLE alerts (
            alert_id         INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id           TEXT NOT NULL REFERENCES runs(run_id),
            camera           TEXT NOT NULL,
            frame_index      INTEGER NOT NULL,
            captured_at      TEXT NOT NULL,
            candidate        TEXT NOT NULL,
            category         TEXT NOT NULL,
            score            REAL NOT NULL,
            threshold        REAL NOT NULL,
            box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL, box_h REAL NOT NULL,
            probe_crop_jpeg  BLOB,
            probe_embedding  BLOB,
            raised_at        TEXT NOT NULL
        );
        CREATE INDEX alerts_by_run ON alerts(run_id);
        """;
}
