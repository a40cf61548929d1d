using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Audit.Vocabulary;
using LfrAudit.Governance.Deployments;
using LfrAudit.Governance.Stores;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Testing;

/// <summary>
/// Store changes made as the use cases make them, for tests below the use cases: each change in a unit of work of its
/// own, with the audit events it raises (a store adapter only persists; the events come from the domain).
/// </summary>
public static class StoreSteps
{
    public static void Plan(this IStore store, Deployment d)
    {
        using var work = store.BeginUnitOfWork();
        store.Deployments.Add(d);
        work.Raise(d.TakeEvents());
        work.Commit();
    }

    public static void Save(this IStore store, Deployment d)
    {
        using var work = store.BeginUnitOfWork();
        store.Deployments.Update(d);
        work.Raise(d.TakeEvents());
        work.Commit();
    }

    public static void Enrol(this IStore store, EnrolledWatchlist w)
    {
        using var work = store.BeginUnitOfWork();
        store.Watchlists.Save(w);
        work.Raise(new WatchlistEnrolled(w.Name, w.ContentHash, w.Entries.Count, w.Templates.Count, w.ModelId,
            w.CountByCategory().ToDictionary(kv => kv.Key.ToName(), kv => (long)kv.Value)));
        work.Commit();
    }

    public static void AddUser(this IStore store, UserAccount u)
    {
        using var work = store.BeginUnitOfWork();
        store.Users.Add(u);
        work.Raise(new UserAdded(u.Name, u.Role.Name(), u.CreatedBy, u.CreatedAt, "test"));
        work.Commit();
    }
}
