using LfrAudit.Governance.Stores;
using Npgsql;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// The changes of the central store: every commit that appends to an audit log sends a NOTIFY on <see cref="Channel"/>
/// inside its transaction (so only commits are heard), and the watcher LISTENs on a connection of its own. A dropped
/// connection is opened again a second later, and a reopened watch counts as a change: what was committed meanwhile is
/// read then. Commits in this process also wake it at once (<see cref="ChangeSignal"/>).
/// </summary>
internal sealed class PostgresChanges : SignalledChanges
{
    /// <summary>The channel every LfrAudit commit notifies.</summary>
    internal const string Channel = "lfr_changes";

    private readonly string _connectionString;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;

    public PostgresChanges(string connectionString, ChangeSignal signal) : base(signal)
    {
        // TCP keepalives on the listening connection: one a firewall dropped while idle is noticed, not waited on for ever.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15, Pooling = false }.ToString();
        _listening = Task.Run(ListenAsync);
    }

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += (_, _) => Signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                Signal.Pulse(); // what was committed while not listening is read now
                while (true)
                {
                    // Quiet for a while: the connection is asked whether it is still there, so a half-open one is replaced.
                    if (!await connection.WaitAsync(Probe, _stop.Token).ConfigureAwait(false))
                        await using (var alive = new NpgsqlCommand("SELECT 1", connection))
                            await alive.ExecuteScalarAsync(_stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception)
            {
                // Whatever went wrong with the connection, a new one is opened a second later; the streams' own
                // re-reading covers the gap.
                try { await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>How long the listening connection may be quiet before it is asked whether it is still there.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(30);

    protected override void Dispose(bool disposing)
    {
        _stop.Cancel();
        try { _listening.Wait(TimeSpan.FromSeconds(2)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
