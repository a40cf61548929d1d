using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LfrAudit.Vision.Native;

/// <summary>
/// Native libraries (FFmpeg inside OpenCV, OpenCV itself, ONNX Runtime) write warnings straight to file
/// descriptor 2, around our own one-line error. At start-up a front end's process (the lfr command, a web host) moves its own stderr to a copy of
/// that descriptor and points descriptor 2 at a pipe; what native code writes there becomes debug-level log
/// events ("native: …"), so stderr carries only what the front end itself says. Only the real process does this — tests
/// that run a front end in-process keep their own streams.
/// </summary>
public static class NativeStderr
{
    private static readonly object Gate = new();
    private static Action<string>? _sink;

    /// <summary>Where native lines go (the command's logger, at debug level); set for each command.</summary>
    public static void SendTo(Action<string>? sink) { lock (Gate) _sink = sink; }

    /// <summary>Returns the writer for lfr's own stderr: the original descriptor, or Console.Error if capture is not possible here.</summary>
    public static TextWriter Capture()
    {
        if (!OperatingSystem.IsLinux()) return Console.Error;
        try
        {
            int own = Dup(2);
            var fds = new int[2];
            if (own < 0 || Pipe(fds) != 0) return Console.Error;
            if (Dup2(fds[1], 2) < 0) { Close(fds[0]); Close(fds[1]); Close(own); return Console.Error; }
            Close(fds[1]);
            var writer = new StreamWriter(new FileStream(new SafeFileHandle(own, ownsHandle: true), FileAccess.Write, 1), new UTF8Encoding(false)) { AutoFlush = true };
            Console.SetError(writer);
            var reader = new Thread(() => Drain(fds[0])) { IsBackground = true, Name = "native-stderr" };
            reader.Start();
            return writer;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            return Console.Error;
        }
    }

    private static void Drain(int fd)
    {
        using var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        using var lines = new StreamReader(stream, Encoding.UTF8);
        while (lines.ReadLine() is { } line)
        {
            Action<string>? sink;
            lock (Gate) sink = _sink;
            if (line.Length > 0) sink?.Invoke(line);
        }
    }

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)] private static extern int Dup(int fd);
    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)] private static extern int Dup2(int fd, int fd2);
    [DllImport("libc", EntryPoint = "pipe", SetLastError = true)] private static extern int Pipe(int[] fds);
    [DllImport("libc", EntryPoint = "close", SetLastError = true)] private static extern int Close(int fd);
}
