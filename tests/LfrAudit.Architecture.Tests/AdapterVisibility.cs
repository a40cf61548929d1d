using System.Reflection;

namespace LfrAudit.Architecture.Tests;

/// <summary>
/// An adapter project's public surface is its factories: a type that implements one of our ports (an interface of
/// another LfrAudit assembly) is internal unless it is one of them, so a caller can only get the port and the adapter
/// behind it stays free to change. The factories are named here, as docs/architecture.md names them.
/// </summary>
public static class AdapterVisibility
{
    /// <summary>Vision's factories: the composed models, and the catalogue that also calibrates thresholds.</summary>
    public static readonly string[] VisionFactories = ["LfrAudit.Vision.Catalogue.RecognitionModels", "LfrAudit.Vision.Catalogue.ModelCatalogue"];

    /// <summary>Storage's factories: each database opens its store (and the relational base they share).</summary>
    public static readonly string[] StorageFactories =
        ["LfrAudit.Storage.Sqlite.SqliteDatabase", "LfrAudit.Storage.Postgres.PostgresDatabase", "LfrAudit.Storage.Relational.RelationalDatabase"];

    /// <summary>The public types of an assembly that implement a port of ours and are not a named factory, by full name.</summary>
    public static IReadOnlyList<string> PublicAdapters(Assembly assembly, IEnumerable<string> factories)
    {
        var allowed = factories.ToHashSet(StringComparer.Ordinal);
        return [.. assembly.GetTypes()
            .Where(t => t.IsVisible && !allowed.Contains(t.FullName!))
            .Where(t => t.GetInterfaces().Any(i => i.Assembly != assembly && i.Assembly.GetName().Name!.StartsWith("LfrAudit.", StringComparison.Ordinal)))
            .Select(t => t.FullName!).Order(StringComparer.Ordinal)];
    }
}
