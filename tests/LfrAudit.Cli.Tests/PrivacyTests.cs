using LfrAudit.Testing;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// The non-match rule, tested rather than assumed: run the real lfr over people who are not on the
/// watchlist, then look in every file the run produced — the store, its WAL, the log, the working folder
/// and the process's own temp folder — for their embeddings, any image, and their identities.
/// </summary>
public class PrivacyTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_run_over_non_watchlist_faces_leaves_no_biometric_trace_anywhere()
    {
        using var dir = new TempDir();
        var input = Directory.CreateDirectory(dir["input"]).FullName;
        var work = Directory.CreateDirectory(dir["work"]).FullName;
        var temp = Directory.CreateDirectory(dir["tmp"]).FullName;
        var clip = PrivacyScan.WriteCrowdOfStrangers(Path.Combine(input, "crowd.avi"));
        var db = Path.Combine(work, "store.db");
        var log = Path.Combine(work, "run.log");

        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", work)).Exit);
        var enrol = await Lfr.Run(Lfr.WithModels("watchlist", "enroll", "--manifest", Path.Combine(AppContext.BaseDirectory, "watchlists-sample", "demo-watchlist.yaml"),
            "--images-root", SharedData.DatasetsDir, "--db", db));
        Assert.True(enrol.Exit == 0, enrol.ToString());
        var enrolledBlobs = BiometricBlobs(db).Count;

        var env = new Dictionary<string, string> { ["TMPDIR"] = temp };
        var psi = Lfr.Process(env, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", clip, "--db", db,
            "--log-file", log, "--log-level", "verbose", "--log-json", "--json"));
        psi.WorkingDirectory = work;
        long peopleSeen;
        using (var p = System.Diagnostics.Process.Start(psi)!)
        {
            var stdout = await p.StandardOutput.ReadToEndAsync();
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.True(p.ExitCode == 0, stdout + stderr);
            var summary = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(0, summary.GetProperty("alerts").GetInt64());
            // Tracked: each of the 8 people is one face seen (one LFW photo also shows a bystander's face), searched on a
            // few of their frames; every detection is counted beside.
            peopleSeen = summary.GetProperty("faces_seen").GetInt64();
            Assert.InRange(peopleSeen, PrivacyScan.NotEnrolled.Length, PrivacyScan.NotEnrolled.Length + 2);
            Assert.Equal(peopleSeen, summary.GetProperty("faces_searched").GetInt64());
            Assert.True(summary.GetProperty("detections").GetInt64() >= 60, stdout);
            File.WriteAllText(Path.Combine(input, "stderr.txt"), stderr); // scanned too, below
        }

        // The audit log, exported as the IAG receives it, is scanned with everything else.
        var export = await Lfr.Run("audit", "export", "--out", Path.Combine(work, "audit-export"), "--db", db);
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Contains("faces.counted", File.ReadAllText(Path.Combine(work, "audit-export", "entries.jsonl")));

        // What the run saw: the exact embeddings of every face in the clip, computed the way the run does.
        var probes = PrivacyScan.FaceEmbeddings(clip);
        Assert.True(probes.Count >= 30);

        var produced = Directory.GetFiles(work, "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(temp, "*", SearchOption.AllDirectories))
            .Append(Path.Combine(input, "stderr.txt")).ToList();
        Assert.Contains(db, produced);
        Assert.Contains(log, produced);

        // The scanner can find what it looks for (a control), then finds none of it in what the run wrote.
        var control = Path.Combine(input, "control.bin");
        var photo = File.ReadAllBytes(SharedData.Dataset("lfw", "images", "Tony_Blair", "Tony_Blair_0001.jpg"));
        File.WriteAllBytes(control, [.. Encoding.ASCII.GetBytes("xx"), .. PrivacyScan.Bytes(probes[7]), 0x00, .. photo]);
        Assert.Contains("embedding 7", PrivacyScan.Traces(control, probes));
        Assert.Contains("a JPEG image", PrivacyScan.Traces(control, probes));
        foreach (var file in produced)
            Assert.True(PrivacyScan.Traces(file, probes).Count == 0, $"{file}: {string.Join(", ", PrivacyScan.Traces(file, probes))}");

        // The store holds the enrolled templates and counts, nothing else biometric (the audit log's leaf
        // hashes are the only other binary values).
        Assert.Equal(enrolledBlobs, BiometricBlobs(db).Count);
        Assert.All(BiometricBlobs(db), b => Assert.Equal("watchlist_templates.embedding", b));
        Assert.Equal(0L, Scalar(db, "SELECT COUNT(*) FROM alerts"));
        // Of the tracks, only counts survive: people per minute beside detections, no per-track row anywhere.
        Assert.Equal(peopleSeen, Scalar(db, "SELECT SUM(faces_seen) FROM face_counts"));
        Assert.True(Scalar(db, "SELECT SUM(detections) FROM face_counts") >= 30);
        Assert.Equal(0L, Scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE '%track%'"));
        Assert.Equal(0L, Scalar(db, "SELECT COUNT(*) FROM alerts WHERE track IS NOT NULL"));
        Assert.Contains("\"Searched\"", File.ReadAllText(log)); // the log is structured and was written

        // Positive control on real output: at threshold 0 every face alerts. The run's stored embeddings are
        // bit-identical to the probes computed here (so the scan above would have found any that leaked), and
        // even this evidence does not appear in the file as such: it is sealed under per-alert keys.
        var alertsDb = Path.Combine(input, "all-alert.db");
        File.Copy(db, alertsDb);
        var everything = await Lfr.RunProcess(null, Lfr.WithModels("run", "--watchlist", "demo-watchlist", "--source", clip, "--db", alertsDb, "--threshold", "0"));
        Assert.True(everything.Exit == 0, everything.ToString());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var store = LfrAudit.Storage.Sqlite.SqliteDatabase.Open(alertsDb, TimeProvider.System))
        {
            var stored = store.Runs().List();
            Assert.True(stored.Count >= 5);
            Assert.Contains(stored, a => probes.Any(p => p.AsSpan().SequenceEqual(a.Alert.ProbeEmbedding)));
            Assert.All(stored, a => Assert.Equal(0xFF, a.Alert.ProbeCropJpeg[0]));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain(PrivacyScan.Traces(alertsDb, probes), t => !t.StartsWith("identity", StringComparison.Ordinal));
    }

    private static List<string> Blobs(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        var tables = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'";
            using var r = cmd.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        var blobs = new List<string>();
        foreach (var t in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{t}\"";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                for (int i = 0; i < r.FieldCount; i++)
                    if (!r.IsDBNull(i) && r.GetFieldType(i) == typeof(byte[])) blobs.Add($"{t}.{r.GetName(i)}");
        }
        return blobs;
    }

    private static List<string> BiometricBlobs(string db) => Blobs(db).Where(b => b != "audit_entries.leaf_hash").ToList();

    private static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }
}
