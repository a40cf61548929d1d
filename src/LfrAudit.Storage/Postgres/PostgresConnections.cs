using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using Npgsql;

namespace LfrAudit.Storage.Postgres;

/// <summary>Reading a connection string as a user gives it, and showing where it points without its password.</summary>
public static class PostgresConnections
{
    internal static NpgsqlConnectionStringBuilder Parse(string store)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = store.Contains("://", StringComparison.Ordinal) ? FromUrl(store) : new NpgsqlConnectionStringBuilder(store);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            throw new LfrInputException($"--store: not a PostgreSQL connection string ({SafeText.Escape(ex.Message.Split('\n')[0])}); e.g. Host=127.0.0.1;Port=5432;Username=lfr;Database=lfr");
        }
        if (string.IsNullOrEmpty(builder.Host)) throw new LfrInputException("--store: the connection string names no Host");
        if (builder.Port is < 1 or > 65535) throw new LfrInputException($"--store: Port={builder.Port} is not a TCP port (1-65535)");
        // Npgsql reads 0 as "wait for ever": against a server that accepts and then says nothing, a site would hang
        // instead of saying the central store is unreachable.
        if (Given(store, "timeout") && builder.Timeout == 0)
            throw new LfrInputException("--store: Timeout=0 would wait for ever for a server that does not answer; give the seconds to wait (1-1024)");
        if (Given(store, "command ?timeout") && builder.CommandTimeout == 0)
            throw new LfrInputException("--store: Command Timeout=0 would let a statement wait for ever; give the seconds to wait (1 or more)");
        // One connection per command, given up on after 5 s if the server does not answer, so a site that lost
        // the central store says so at once; a statement may wait up to 30 s for a lock another site holds.
        builder.Pooling = false;
        if (!Given(store, "timeout")) builder.Timeout = 5;
        builder.ApplicationName ??= "lfr";
        return builder;
    }

    private static bool Given(string store, string key) =>
        System.Text.RegularExpressions.Regex.IsMatch(store, $@"(^|;)\s*{key}\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    // postgresql://user[:password]@host[:port]/database
    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0) builder.Username = Uri.UnescapeDataString(user);
        if (uri.UserInfo.Split(':', 2) is [_, var password]) builder.Password = Uri.UnescapeDataString(password);
        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database) builder.Database = Uri.UnescapeDataString(database);
        return builder;
    }

    /// <summary>Where the store a connection string names is, as it may be printed: never the password.</summary>
    public static string Display(string store) => Show(Parse(store));

    /// <summary>Where the store is, as it may be printed or logged: never the password.</summary>
    internal static string Show(NpgsqlConnectionStringBuilder b) =>
        $"postgresql://{SafeText.Escape(b.Username ?? "")}@{SafeText.Escape(b.Host ?? "")}:{b.Port}/{SafeText.Escape(b.Database ?? b.Username ?? "")}";
}
