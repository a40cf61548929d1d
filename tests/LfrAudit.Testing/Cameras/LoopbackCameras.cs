using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LfrAudit.Testing.Cameras;

/// <summary>
/// Real camera servers on 127.0.0.1 for the stream tests: Debian's rtsp-server-perl with ffmpeg pushing a clip
/// into it (as a camera would), and ffmpeg itself serving HTTP (MPEG-TS or MJPEG) to one client. Everything it
/// starts is killed when it is disposed.
/// </summary>
public sealed class LoopbackCameras : IDisposable
{
    private readonly List<Process> _started = [];

    public static string Clip => SharedData.Dataset("videos", "face_recognition_short_hamilton_clip.mp4");

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>
    /// An RTSP server and a camera pushing a clip in a loop (the Hamilton clip, H.264, unless another is given: that
    /// one is encoded to H.264 on the way); clients pull the returned address. rtsp-server-perl binds fixed RTP
    /// ports, so only one runs on the machine at a time: this waits for any other test process's to finish.
    /// </summary>
    public RtspCamera StartRtsp(string path = "cam1", string? clip = null)
    {
        HoldRtspServer();
        var camera = new RtspCamera(this, FreePort(), FreePort(), path, clip);
        camera.Start();
        return camera;
    }

    private bool _holdsRtspLock;

    // Once for this set of cameras, however many it starts; given back when it is disposed.
    private void HoldRtspServer()
    {
        if (_holdsRtspLock) return;
        RtspServerLock.Enter();
        _holdsRtspLock = true;
    }
    private string? _scriptDir;

    /// <summary>
    /// The repository's own scripts/loopback-cameras.sh (as a user starts cameras for <c>lfr bench --live</c>): an RTSP
    /// server and <paramref name="cameras"/> cameras pushing the 1080p street clip (or an H.264 <paramref name="clip"/>);
    /// their addresses, one a camera.
    /// </summary>
    public IReadOnlyList<string> StartWithScript(int cameras, string? clip = null)
    {
        HoldRtspServer();
        _scriptDir = Directory.CreateTempSubdirectory("lfr-cameras-").FullName;
        var run = Start("bash", [Path.Combine(SharedData.RepositoryRoot, "scripts", "loopback-cameras.sh"), "start", _scriptDir, $"{cameras}", .. clip is null ? Array.Empty<string>() : [clip]],
            capture: true);
        // The script waits until each camera answers a probe (longer on a loaded machine: under CI load 30 s was too short):
        // within its own limits, never a fixed pause of ours.
        if (!run.WaitForExit(240_000))
        {
            run.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"loopback-cameras.sh did not finish within 240 s: {run.StandardError.ReadToEnd()}");
        }
        if (run.ExitCode != 0) throw new InvalidOperationException($"loopback-cameras.sh failed (exit {run.ExitCode}): {run.StandardError.ReadToEnd()}");
        return [.. run.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>
    /// ffmpeg serving a clip (the Hamilton clip unless told) over HTTP to one client, as MPEG-TS ("ts") or multipart MJPEG
    /// ("mjpeg"), looped for ever or played once.
    /// </summary>
    public string StartHttp(string kind, string? clip = null, bool loop = true)
    {
        int port = FreePort();
        var url = $"http://127.0.0.1:{port}/cam.{kind}";
        var codec = kind == "mjpeg" ? new[] { "-c:v", "mjpeg", "-q:v", "5", "-f", "mpjpeg" } : ["-c:v", "copy", "-f", "mpegts"];
        string[] looping = loop ? ["-stream_loop", "-1"] : [];
        Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", .. looping, "-i", clip ?? Clip, "-an", .. codec, "-listen", "1", url]);
        WaitForPort(port);
        return url;
    }

    internal Process Start(string file, IEnumerable<string> args, bool capture = false)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        var p = Process.Start(info)!;
        if (capture) return p; // a short command whose output the caller reads
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_started) _started.Add(p);
        return p;
    }

    /// <summary>Waits until a server listens on the port, without connecting: a one-client server would take a probe for its client.</summary>
    internal static void WaitForPort(int port)
    {
        var until = Stopwatch.StartNew();
        var local = $":{port:X4} ";
        while (until.Elapsed < TimeSpan.FromSeconds(10))
        {
            // /proc/net/tcp: "sl local_address rem_address st …"; state 0A is LISTEN.
            if (File.ReadLines("/proc/net/tcp").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(f => f.Length > 3 && (f[1] + " ").EndsWith(local, StringComparison.Ordinal) && f[3] == "0A")) return;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"nothing listens on 127.0.0.1:{port}");
    }

    internal static void Stop(Process? p)
    {
        if (p is null) return;
        try { p.Kill(entireProcessTree: true); p.WaitForExit(5000); } catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        lock (_started) foreach (var p in _started) { Stop(p); p.Dispose(); }
        if (_scriptDir is { } dir)
        {
            using (var stop = Process.Start("bash", [Path.Combine(SharedData.RepositoryRoot, "scripts", "loopback-cameras.sh"), "stop", dir])) stop.WaitForExit(10_000);
            Directory.Delete(dir, recursive: true);
            _scriptDir = null;
        }
        if (_holdsRtspLock) RtspServerLock.Exit();
        _holdsRtspLock = false;
    }
}

/// <summary>
/// One RTSP server at a time on the machine (rtsp-server-perl binds fixed RTP ports): one holder at a time in this
/// process, since tests of different collections run in parallel, and one process at a time (a file opened exclusively).
/// </summary>
internal static class RtspServerLock
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static FileStream? _file;

    public static void Enter()
    {
        if (!InProcess.Wait(TimeSpan.FromMinutes(10))) throw new TimeoutException("another test of this process held the RTSP server for 10 minutes");
        try
        {
            var path = Path.Combine(Path.GetTempPath(), "lfraudit-rtsp-server.lock");
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try { _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); return; }
                catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10)) { Thread.Sleep(250); }
            }
        }
        catch
        {
            InProcess.Release();
            throw;
        }
    }

    public static void Exit()
    {
        _file?.Dispose();
        _file = null;
        InProcess.Release();
    }
}

/// <summary>One RTSP camera: the server and the pusher, which a test can kill and bring back.</summary>
public sealed class RtspCamera(LoopbackCameras owner, int clientPort, int sourcePort, string path, string? clip = null)
{
    private Process? _server, _pusher;

    public string Address => $"rtsp://127.0.0.1:{clientPort}/{path}";

    public void Start()
    {
        _server = owner.Start("rtsp-server-perl", ["-c", $"{clientPort}", "-s", $"{sourcePort}", "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1"]);
        LoopbackCameras.WaitForPort(sourcePort);
        // Another clip is encoded on the way, cheaply, with a keyframe each second so a client can join at once.
        string[] video = clip is null ? ["-c:v", "copy"] : ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10", "-pix_fmt", "yuv420p"];
        _pusher = owner.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip ?? LoopbackCameras.Clip, "-an", .. video,
            "-f", "rtsp", $"rtsp://127.0.0.1:{sourcePort}/{path}"]);
        Thread.Sleep(1500); // the pusher announces the stream before a client can pull it
    }

    /// <summary>Kills the server and the camera behind it, as a power cut at the van would.</summary>
    public void Kill()
    {
        LoopbackCameras.Stop(_pusher);
        LoopbackCameras.Stop(_server);
    }
}
