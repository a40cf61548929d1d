using LfrAudit.Application.Accounts;
using LfrAudit.Governance.Accounts;
using LfrAudit.Governance.Stores;
using LfrAudit.Storage.Sqlite;
using LfrAudit.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LfrAudit.Web.Tests;

/// <summary>
/// The operators' console in this process: the services and pipeline `lfr console` serves (<see cref="OperatorConsole.AddServices"/>,
/// <see cref="OperatorConsole.UsePipeline"/>) on WebApplicationFactory's test server, over a real SQLite store in a folder
/// of its own, with a supervisor, an operator and a reviewer who sign in with <see cref="Password"/>.
/// </summary>
public sealed class ConsoleFactory : WebApplicationFactory<ConsoleFactory>
{
    public const string Password = "a long enough passphrase";
    private readonly string _folder = Directory.CreateTempSubdirectory("lfr-web-").FullName;

    /// <summary>The console's store, opened on the real clock as `lfr console` opens it.</summary>
    public IStore Store { get; }

    public string DatabasePath => Path.Combine(_folder, "store.db");

    /// <summary>What the console logged, as Serilog events (its settings' logger writes here).</summary>
    public LoggedEvents Logged { get; } = new();

    public ConsoleFactory()
    {
        Store = SqliteDatabase.Open(DatabasePath, TimeProvider.System);
        var accounts = new AccountService(Store, new IdentityPasswordHashing(), new SignInThrottle(TimeProvider.System));
        accounts.Add("sup.one", Role.Supervisor, Password, "setup", "web tests");
        accounts.Add("op.one", Role.Operator, Password, "sup.one", "web tests");
        accounts.Add("iag.one", Role.Reviewer, Password, "sup.one", "web tests");
    }

    protected override IHostBuilder CreateHostBuilder()
    {
        var settings = new ConsoleSettings { Log = new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(Logged).CreateLogger() };
        return Host.CreateDefaultBuilder().ConfigureWebHost(web => web
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s => OperatorConsole.AddServices(s, Store, settings))
            .Configure(app => OperatorConsole.UsePipeline(app, Store, settings)));
    }

    // The console serves nothing from a content root; the factory's default (a folder named after this project beside the
    // solution) does not exist, so the store's own folder stands in.
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(_folder);

    /// <summary>A browser of its own: cookies kept, redirects shown rather than followed.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(_folder)) return; // the factory disposes itself twice (DisposeAsync, then Dispose)
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A Serilog sink that keeps every event, for tests to read what was logged.</summary>
public sealed class LoggedEvents : Serilog.Core.ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Serilog.Events.LogEvent> _events = new();

    public IReadOnlyList<Serilog.Events.LogEvent> Events => [.. _events];

    public void Emit(Serilog.Events.LogEvent logEvent) => _events.Enqueue(logEvent);
}
