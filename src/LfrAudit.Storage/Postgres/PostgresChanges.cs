using LfrAudit.Governance.Stores;
using Npgsql;

namespace LfrAudit.Storage.Postgres;

/// <summary>
/// The changes of the central store: every commit that appends to an audit log sends a NOTIFY on <see cref="Channel"/>
/// inside its transaction (so only commits are heard), and the watcher LISTENs on a connection of its own. A dropped
/// connection is opened again a second later, and a reopened watch counts as a change: what was committed meanwhile is
/// read then. Commits in this process also wake it at once (<see cref="ChangeSignal"/>).
/// </summary>
internal sealed class PostgresChanges : IStoreChanges
{
    /// <summary>The channel every LfrAudit commit notifies.</summary>
    internal const string Channel = "lfr_changes";

    private readonly string _connectionString;
    private readonly ChangeSignal _signal;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;

    public PostgresChanges(string connectionString, ChangeSignal signal)
    {
        _connectionString = connectionString;
        _signal = signal;
        _listening = Task.Run(ListenAsync);
    }

    public long Mark => _signal.Mark;

    public Task<bool> WaitAsync(long mark, TimeSpan timeout, CancellationToken cancellation) => _signal.WaitAsync(mark, timeout, cancellation);

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(_stop.Token).ConfigureAwait(false);
                connection.Notification += (_, _) => _signal.Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(_stop.Token).ConfigureAwait(false);
                _signal.Pulse();
                while (true) await connection.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listening.Wait(TimeSpan.FromSeconds(2)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
