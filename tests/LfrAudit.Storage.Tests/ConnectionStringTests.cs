using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Problems;
using LfrAudit.Storage.Postgres;

namespace LfrAudit.Storage.Tests;

/// <summary>
/// A connection string that would crash a command (a port out of range) or hang it for ever (a timeout of 0, which Npgsql
/// reads as "no limit") is refused before anything connects, in one line naming the setting.
/// </summary>
public class ConnectionStringTests
{
    [Fact]
    public void A_port_outside_1_to_65535_is_refused_and_every_port_inside_it_is_taken()
    {
        Prop.ForAll(Gen.Choose(-70000, 200000).ToArbitrary(), port =>
        {
            var text = $"Host=127.0.0.1;Port={port};Username=lfr;Database=force";
            try
            {
                var shown = PostgresConnections.Display(text);
                return (port is >= 1 and <= 65535 && shown == $"postgresql://lfr@127.0.0.1:{port}/force").Label($"{port} taken as {shown}");
            }
            catch (LfrInputException ex)
            {
                return (port is < 1 or > 65535 && !ex.Message.Contains('\n') && ex.Message.StartsWith("--store:", StringComparison.Ordinal)).Label($"{port}: {ex.Message}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Theory]
    [InlineData("Timeout=0", "Timeout=0 would wait for ever")]
    [InlineData("timeout = 0", "Timeout=0 would wait for ever")]
    [InlineData("Command Timeout=0", "Command Timeout=0 would let a statement wait for ever")]
    [InlineData("CommandTimeout=0", "Command Timeout=0 would let a statement wait for ever")]
    public void A_timeout_of_zero_that_would_wait_for_ever_is_refused(string setting, string said)
    {
        var ex = Assert.ThrowsAny<LfrInputException>(() => PostgresConnections.Display($"Host=127.0.0.1;Port=5432;Username=lfr;{setting}"));
        Assert.Contains(said, ex.Message);
    }

    [Theory]
    [InlineData("Timeout=1")]
    [InlineData("Timeout=30;Command Timeout=5")]
    public void A_bounded_timeout_is_taken(string setting) =>
        Assert.Equal("postgresql://lfr@127.0.0.1:5432/lfr", PostgresConnections.Display($"Host=127.0.0.1;Port=5432;Username=lfr;{setting}"));
}
