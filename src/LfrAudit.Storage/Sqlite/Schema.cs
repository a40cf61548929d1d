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
            deployment_id          TEXT REFERENCES deployments(deployment_id),
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
            raised_at        TEXT NOT NULL
        );
        CREATE INDEX alerts_by_run ON alerts(run_id);

        -- The only biometric data kept: an alert's probe crop and embedding, encrypted (AES-256-GCM) under a
        -- key of its own. Retention destroys the key (crypto-shredding) and deletes the ciphertext.
        CREATE TABLE alert_evidence (
            alert_id    INTEGER PRIMARY KEY REFERENCES alerts(alert_id),
            nonce       BLOB NOT NULL,
            ciphertext  BLOB NOT NULL,
            tag         BLOB NOT NULL
        );

        CREATE TABLE evidence_keys (
            alert_id  INTEGER PRIMARY KEY REFERENCES alerts(alert_id),
            key       BLOB NOT NULL
        );

        CREATE TABLE deployments (
            deployment_id         TEXT PRIMARY KEY,
            location_name         TEXT NOT NULL,
            location_area         TEXT NOT NULL,
            latitude              REAL,
            longitude             REAL,
            planned_start         TEXT NOT NULL,
            planned_end           TEXT NOT NULL,
            purpose               TEXT NOT NULL,
            officer_name          TEXT NOT NULL,
            officer_rank          TEXT NOT NULL,
            cameras               TEXT NOT NULL,
            watchlist_name        TEXT NOT NULL,
            threshold             REAL NOT NULL,
            retention_rejected_s      INTEGER NOT NULL,
            retention_unadjudicated_s INTEGER NOT NULL,
            retention_confirmed_s     INTEGER NOT NULL,
            planned_at            TEXT NOT NULL,
            state                 TEXT NOT NULL,
            notice_published_at   TEXT,
            started_at            TEXT,
            ended_at              TEXT,
            outcome_published_at  TEXT,
            cancelled_at          TEXT,
            cancel_reason         TEXT,
            override_reason       TEXT,
            override_by           TEXT,
            override_at           TEXT,
            watchlist_hash        TEXT,
            watchlist_entries     INTEGER,
            watchlist_categories  TEXT
        );

        CREATE TABLE threshold_changes (
            deployment_id  TEXT NOT NULL REFERENCES deployments(deployment_id),
            seq            INTEGER NOT NULL,
            from_value     REAL NOT NULL,
            to_value       REAL NOT NULL,
            changed_by     TEXT NOT NULL,
            reason         TEXT NOT NULL,
            changed_at     TEXT NOT NULL,
            PRIMARY KEY (deployment_id, seq)
        );

        CREATE TABLE adjudications (
            alert_id    INTEGER PRIMARY KEY REFERENCES alerts(alert_id),
            decision    TEXT NOT NULL,
            decided_by  TEXT NOT NULL,
            decided_at  TEXT NOT NULL,
            note        TEXT
        );

        CREATE TABLE engagements (
            alert_id     INTEGER PRIMARY KEY REFERENCES adjudications(alert_id),
            outcome      TEXT NOT NULL,
            recorded_by  TEXT NOT NULL,
            recorded_at  TEXT NOT NULL,
            note         TEXT
        );

        -- Notices and outcome reports exactly as published: never rewritten.
        CREATE TABLE documents (
            deployment_id  TEXT NOT NULL REFERENCES deployments(deployment_id),
            kind           TEXT NOT NULL,
            published_at   TEXT NOT NULL,
            content        TEXT NOT NULL,
            sha256         TEXT NOT NULL,
            anchor         TEXT,          -- the signed tree head issued right after publication (JSON)
            PRIMARY KEY (deployment_id, kind)
        );

        -- The audit log: append-only, one row per event, in the same transaction as the change it records.
        CREATE TABLE audit_entries (
            seq        INTEGER PRIMARY KEY,
            canonical  TEXT NOT NULL,
            leaf_hash  BLOB NOT NULL
        );

        CREATE TABLE audit_tree_heads (
            tree_size  INTEGER NOT NULL,
            root_hash  TEXT NOT NULL,
            timestamp  TEXT NOT NULL,
            key_id     TEXT NOT NULL,
            signature  TEXT NOT NULL
        );

        -- Each deletion of evidence, with counts only.
        CREATE TABLE purges (
            purge_id       INTEGER PRIMARY KEY AUTOINCREMENT,
            purged_at      TEXT NOT NULL,
            reason         TEXT NOT NULL,
            alerts_purged  INTEGER NOT NULL
        );
        """;

    /// <summary>Version 2: a run records which process ran it, so a run whose process was killed can be closed as interrupted.</summary>
    public const string V2 = """
        ALTER TABLE runs ADD COLUMN host TEXT;
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN process_started_at TEXT;
        """;

    /// <summary>
    /// Version 3: faces are tracked. A face seen is a person (a track); detections are counted beside it; an
    /// alert names its track and carries its person's later sightings.
    /// </summary>
    public const string V3 = """
        ALTER TABLE runs ADD COLUMN detections INTEGER;
        ALTER TABLE runs ADD COLUMN searches INTEGER;
        ALTER TABLE runs ADD COLUMN non_matches INTEGER;
        ALTER TABLE face_counts ADD COLUMN detections INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE alerts ADD COLUMN track TEXT;
        ALTER TABLE alerts ADD COLUMN sightings INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE alerts ADD COLUMN last_seen_at TEXT;
        """;

    /// <summary>Version 4: the console's named users (a salted PBKDF2 hash of each password, never the password).</summary>
    public const string V4 = """
        CREATE TABLE users (
            name           TEXT PRIMARY KEY,
            role           TEXT NOT NULL,
            password_hash  TEXT NOT NULL,
            created_at     TEXT NOT NULL,
            created_by     TEXT NOT NULL
        );
        """;

    /// <summary>
    /// Version 5: sites. Every deployment, run and alert belongs to a site, and each site keeps its own audit log.
    /// An SQLite store is one site's: the one it was created for, or 'local' for a store made before sites.
    /// </summary>
    public const string V5 = """
        ALTER TABLE deployments ADD COLUMN site TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE runs ADD COLUMN site TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE alerts ADD COLUMN site TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE audit_entries ADD COLUMN site TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE audit_tree_heads ADD COLUMN site TEXT NOT NULL DEFAULT 'local';
        CREATE TABLE sites (
            site           TEXT PRIMARY KEY,
            registered_at  TEXT NOT NULL
        );
        """;

    /// <summary>
    /// Version 6: users are managed and operators assigned. A user disabled or removed keeps their row (a name is
    /// registered once, so it is never reused); a new password is dated, so sessions begun before it end. An operator
    /// sees the alerts and evidence only of the deployments they are assigned to.
    /// </summary>
    public const string V6 = """
        ALTER TABLE users ADD COLUMN disabled_at TEXT;
        ALTER TABLE users ADD COLUMN removed_at TEXT;
        ALTER TABLE users ADD COLUMN password_changed_at TEXT;
        CREATE TABLE deployment_operators (
            deployment_id  TEXT NOT NULL,
            user_name      TEXT NOT NULL,
            assigned_at    TEXT NOT NULL,
            assigned_by    TEXT NOT NULL,
            PRIMARY KEY (deployment_id, user_name)
        );
        """;

    /// <summary>
    /// Version 7: API keys for other force systems, each held only as the SHA-256 of its secret (shown once, never stored),
    /// with the role it acts in; a revoked key keeps its row, so an id is never issued twice.
    /// </summary>
    public const string V7 = """
        CREATE TABLE api_keys (
            key_id         TEXT PRIMARY KEY,
            client         TEXT NOT NULL,
            role           TEXT NOT NULL,
            secret_sha256  TEXT NOT NULL,
            issued_at      TEXT NOT NULL,
            issued_by      TEXT NOT NULL,
            revoked_at     TEXT,
            revoked_by     TEXT
        );
        """;
}
