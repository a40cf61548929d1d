using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Adjudication;

namespace LfrAudit.Storage.Relational;

internal sealed class SqlAdjudicationStore(RelationalDatabase db) : IAdjudicationStore
{
    public bool AlertExists(AlertId alert)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT 1 FROM alerts WHERE alert_id = @id");
            c.Param("@id", alert.Value);
            return c.ExecuteScalar() is not null;
        }
    }

    public SiteId? SiteOf(AlertId alert)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT site FROM alerts WHERE alert_id = @id");
            c.Param("@id", alert.Value);
            return c.ExecuteScalar() is string site ? new SiteId(site) : null;
        }
    }

    public AlertAdjudication? FindAdjudication(AlertId alert)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT decision, decided_by, decided_at, note FROM adjudications WHERE alert_id = @id");
            c.Param("@id", alert.Value);
            using var r = c.ExecuteReader();
            return r.Read()
                ? new AlertAdjudication(alert, AdjudicationNames.ParseDecision(r.GetString(0)), r.GetString(1), Codec.Time(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3))
                : null;
        }
    }

    public Engagement? FindEngagement(AlertId alert)
    {
        lock (db.Gate)
        {
            using var c = db.Command("SELECT outcome, recorded_by, recorded_at, note FROM engagements WHERE alert_id = @id");
            c.Param("@id", alert.Value);
            using var r = c.ExecuteReader();
            return r.Read()
                ? new Engagement(alert, AdjudicationNames.ParseOutcome(r.GetString(0)), r.GetString(1), Codec.Time(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3))
                : null;
        }
    }

    public void Record(AlertAdjudication a) => Insert("INSERT INTO adjudications VALUES (@id, @v, @by, @at, @note)", a.Alert, a.Decision.Name(), a.By, a.At, a.Note, "adjudicated");

    public void Record(Engagement e) => Insert("INSERT INTO engagements VALUES (@id, @v, @by, @at, @note)", e.Alert, e.Outcome.Name(), e.By, e.At, e.Note, "given an engagement outcome");

    private void Insert(string sql, AlertId alert, string value, string by, DateTimeOffset at, string? note, string already)
    {
        lock (db.Gate)
        {
            using var tx = db.Begin();
            using var c = db.Command(sql, tx);
            c.Param("@id", alert.Value);
            c.Param("@v", value);
            c.Param("@by", by);
            c.Param("@at", Codec.Time(at));
            c.Text("@note", note);
            try { c.ExecuteNonQuery(); }
            catch (Exception ex) when (db.IsUniqueViolation(ex)) // another operator got there first
            { throw new LfrInputException($"alert {alert} was already {already}"); }
            tx.Commit();
        }
    }
}
