using System.Net.Sockets;
using LfrAudit.Core.Problems;
using Npgsql;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// Turns the central store's failures that are about its situation (unreachable, stopped, refusing, full) into
/// one clear line. Whatever the server acknowledged before is kept: every call commits before it returns.
/// </summary>
public static class PostgresFailures
{
    /// <summary>A PostgreSQL failure (unreachable, refused, read-only, out of space, not our schema) as one line naming
    /// <paramref name="store"/>; null for a failure that is not the store's.</summary>
    public static LfrInputException? Explain(Exception ex, string store)
    {
        switch (ex)
        {
            case LfrInputException already:
                return already;
            case PostgresException p:
                return p.SqlState switch
                {
                    "3D000" => new LfrInputException($"{store}: the database does not exist (create it first, e.g. createdb)", ex),
                    "28P01" or "28000" => new StoreUnavailableException($"{store}: the server refused the user name or password", ex),
                    "57P01" or "57P02" or "57P03" or "08006" or "08003" or "08001" => new StoreUnavailableException(
                        $"{store}: the central store's server stopped or is not accepting connections; everything acknowledged before is kept: run again when it is back", ex),
                    "53100" => new StoreUnavailableException($"{store}: the server's disk is full; what was already recorded is kept", ex),
                    "53300" => new StoreUnavailableException($"{store}: the server has no connection free (too many clients); try again", ex),
                    "25006" => new StoreUnavailableException($"{store}: the store is open to read only; nothing was changed", ex),
                    "42501" => new StoreUnavailableException($"{store}: this user may not write to the store ({p.MessageText}); nothing was changed", ex),
                    "57014" => new StoreUnavailableException($"{store}: a statement waited too long (another site holds a lock); what was already recorded is kept: try again", ex),
                    _ => null,
                };
            case NpgsqlException { InnerException: SocketException or IOException or TimeoutException or EndOfStreamException } or NpgsqlException { IsTransient: true }:
                return new StoreUnavailableException(
                    $"{store}: cannot reach the central store ({Reason(ex)}); everything acknowledged before is kept: run again when the server is back", ex);
            case TimeoutException:
                return new StoreUnavailableException($"{store}: the central store did not answer in time; everything acknowledged before is kept", ex);
            default:
                return ex.InnerException is { } inner ? Explain(inner, store) : null;
        }
    }

    private static string Reason(Exception ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused: is the server running?",
        SocketException s => s.SocketErrorCode.ToString(),
        EndOfStreamException or IOException => "the connection was lost",
        TimeoutException => "no answer in time",
        _ => ex.Message.Split('\n')[0],
    };
}
