using LfrAudit.Governance.Stores;
using Microsoft.Data.Sqlite;

namespace LfrAudit.Storage.Sqlite;

/// <summary>
/// The changes of an SQLite store: commits in this process wake the watcher at once (<see cref="ChangeSignal"/>); another
/// process's commits are seen by asking SQLite's data version on a connection of the watcher's own every
/// <see cref="Every"/> — one pragma that reads no table. (SQLite's update hook would not do: it only hears its own
/// connection's changes, never another process's.)
/// </summary>
internal sealed class SqliteChanges : SignalledChanges
{
    /// <summary>How often another process's commits are looked for.</summary>
    internal static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    private readonly SqliteConnection? _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private long? _seen;

    public SqliteChanges(string path, ChangeSignal signal) : base(signal)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 1 }.ToString());
        try
        {
            connection.Open();
            _connection = connection;
            _seen = DataVersion(); // from now: a commit in the first tick's wait is not missed
        }
        catch (SqliteException)
        {
            // A store this process cannot open a second time (gone, or on media that forbids it): this process's own commits still wake it.
            connection.Dispose();
        }
        _watching = _connection is null ? Task.CompletedTask : Task.Run(WatchAsync);
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                long? version = DataVersion();
                if (version is not null && (_seen is null || version != _seen)) Signal.Pulse();
                _seen = version ?? _seen;
            }
        }
        catch (OperationCanceledException) { }
    }

    // Null while the file is busy or briefly unreadable: asked again at the next tick.
    private long? DataVersion()
    {
        try
        {
            using var c = _connection!.CreateCommand();
            c.CommandText = "PRAGMA data_version";
            return (long)c.ExecuteScalar()!;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException) { return null; }
    }

    protected override void Dispose(bool disposing)
    {
        _stop.Cancel();
        // The pragma in flight gives up within its one-second timeout: the connection is closed only once the watch has ended.
        try { _watching.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        if (_watching.IsCompleted) _connection?.Dispose();
        _stop.Dispose();
    }
}
