using System.Diagnostics;
using System.Net.Sockets;
using LfrAudit.Testing.Cameras;

namespace LfrAudit.Testing.Brokers;

/// <summary>
/// Debian's mosquitto on a free loopback port for one test, anonymous, nothing persisted; stopped when disposed. Setup
/// (scripts/setup.sh) installs it; without it the test fails, naming what is missing.
/// </summary>
public sealed class LoopbackBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _config;

    /// <summary>The broker's address, as <c>--mqtt</c> takes it.</summary>
    public Uri Address { get; }

    public int Port { get; }

    private LoopbackBroker(Process process, string config, int port)
    {
        _process = process;
        _config = config;
        Port = port;
        Address = new Uri($"mqtt://127.0.0.1:{port}");
    }

    /// <summary>Starts a broker on <paramref name="port"/> (a free one when not given: a restart reuses its predecessor's).</summary>
    public static async Task<LoopbackBroker> StartAsync(int? port = null)
    {
        var exe = new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("mosquitto is not installed (scripts/setup.sh installs Debian's)");
        port ??= LoopbackCameras.FreePort();
        var config = Path.Combine(Path.GetTempPath(), $"lfr-mosquitto-{Guid.NewGuid():N}.conf");
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n");
        var process = Process.Start(new ProcessStartInfo(exe, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var broker = new LoopbackBroker(process, config, port.Value);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port.Value);
                return broker;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                broker.Dispose();
                throw new InvalidOperationException($"mosquitto did not start listening on 127.0.0.1:{port}");
            }
        }
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(); _process.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        _process.Dispose();
        File.Delete(_config);
    }
}
