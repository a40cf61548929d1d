using LfrAudit.Core.Problems;
using LfrAudit.Vision.Catalogue.Graphs;
using Microsoft.ML.OnnxRuntime;

namespace LfrAudit.Vision.Catalogue;

/// <summary>Where the models run.</summary>
public enum InferenceDevice
{
    /// <summary>The processor: every machine has one.</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through ONNX Runtime's CUDA provider (the GPU build); without one, the CPU.</summary>
    Cuda,
}

/// <summary>Opens ONNX Runtime sessions on the chosen device with the thread budget of one pipeline stage.</summary>
public sealed record InferenceSettings(InferenceDevice Device = InferenceDevice.Cpu, int IntraOpThreads = 1, int CudaDeviceId = 0)
{
    /// <summary>A hook on every session's options, applied last (see <see cref="ModelChoice"/>).</summary>
    public Action<SessionOptions>? ConfigureSession { get; init; }

    /// <summary>The device a user named ("cpu", "cuda" or "gpu"); anything else is refused.</summary>
    public static InferenceDevice ParseDevice(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => InferenceDevice.Cpu,
        "cuda" or "gpu" => InferenceDevice.Cuda,
        _ => throw new InvalidValueException(InputField.Device, text, "use cpu or cuda"),
    };

    /// <summary>
    /// Whether graphs are rewritten before loading: the caller's reshape on any device (<see cref="FreeInputSize"/>),
    /// the speed rewrites on the CPU (<see cref="PReluRewrite"/>). Off only to measure the graph as published.
    /// </summary>
    public bool RewriteGraphs { get; init; } = true;

    /// <summary>
    /// Lets the CPU take the model's batches as a GPU does (one face a call is faster on the CPU): for testing the
    /// GPU path's batching across frames and cameras on a machine without a GPU.
    /// </summary>
    public bool BatchOnCpu { get; init; }

    internal InferenceSession Open(string modelPath, ModelSpec spec) => Open(modelPath, spec, out _);

    /// <summary>
    /// Opens a model, rewritten first by <paramref name="reshape"/> (a rewrite the caller's code relies on, such as
    /// <see cref="FreeInputSize"/>) and then, on the CPU, for speed; <see cref="RewriteGraphs"/> off skips both.
    /// </summary>
    internal InferenceSession Open(string modelPath, ModelSpec spec, out GraphRewrite rewrite, Func<byte[], GraphRewrite>? reshape = null)
    {
        QuietRuntime.Configure();
        var model = ReadModel(modelPath, spec);
        if (reshape is not null && RewriteGraphs) model = reshape(model).Model;
        rewrite = Device == InferenceDevice.Cpu && RewriteGraphs
            ? PReluRewrite.Apply(model)
            : GraphRewrite.Unchanged(model, RewriteGraphs ? "not on the cpu device" : "rewrites switched off");
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            IntraOpNumThreads = Math.Max(1, IntraOpThreads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try
        {
            // Threads that spin between calls would take the core another pipeline stage needs.
            if (IntraOpThreads > 1) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            if (Device == InferenceDevice.Cuda) AppendCuda(options);
            ConfigureSession?.Invoke(options);
            return new InferenceSession(rewrite.Model, options);
        }
        catch (OnnxRuntimeException ex)
        {
            options.Dispose();
            throw new ModelFileException($"{modelPath}: ONNX Runtime cannot load model '{spec.Id}': {ex.Message.Split('\n')[0]}", ex);
        }
    }

    private static byte[] ReadModel(string modelPath, ModelSpec spec)
    {
        try { return File.ReadAllBytes(modelPath); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"{modelPath}: cannot read model '{spec.Id}': {ex.Message}", ex);
        }
    }

    // The CUDA provider lives only in the GPU package (build with -p:LfrGpu=true: Microsoft.ML.OnnxRuntime.Gpu.Linux,
    // linked against CUDA 13 and cuDNN 9). The CPU package has the managed method but not the native entry point; the
    // GPU build fails to load its provider where the CUDA libraries or a GPU are missing. Either way: one line.
    private void AppendCuda(SessionOptions options)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(CudaDeviceId);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            options.Dispose();
            throw new LfrInputException(IsGpuBuild
                ? $"the cuda device: ONNX Runtime's CUDA provider cannot start here ({Missing(ex)}); this GPU build needs an NVIDIA GPU with its driver, " +
                  "CUDA 13 and cuDNN 9, or run on the cpu device"
                : "the cuda device: this build of lfr has the CPU-only ONNX Runtime; rebuild with 'dotnet build -p:LfrGpu=true' " +
                  "(package Microsoft.ML.OnnxRuntime.Gpu.Linux: CUDA 13, cuDNN 9) on a machine with an NVIDIA GPU, or run on the cpu device", ex);
        }
    }

    /// <summary>Whether this is the GPU build (-p:LfrGpu=true).</summary>
#if LFR_GPU
    public static bool IsGpuBuild => true;
#else
    public static bool IsGpuBuild => false;
#endif

    // ONNX Runtime only says it "failed to load shared library": name what is missing by trying the libraries the
    // CUDA provider links against (the driver's libcuda, the CUDA 13 runtime and BLAS, cuDNN 9) ourselves.
    private static readonly string[] CudaLibraries = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcudnn.so.9"];

    private static string Missing(Exception ex)
    {
        var missing = CudaLibraries.Where(lib =>
        {
            if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(lib, out var handle)) return true;
            System.Runtime.InteropServices.NativeLibrary.Free(handle);
            return false;
        }).ToList();
        if (missing.Count > 0) return $"missing: {string.Join(", ", missing)}{(missing.Contains("libcuda.so.1") ? " (no NVIDIA driver: no GPU)" : "")}";
        var text = ex.Message.Split('\n')[0];
        return text.Length > 160 ? text[..160] + "…" : text;
    }
}

/// <summary>The C library's environment, which native libraries read (the managed one is a copy on Unix).</summary>
internal static partial class NativeEnvironment
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    public static void Set(string name, string value)
    {
        if (OperatingSystem.IsWindows()) { Environment.SetEnvironmentVariable(name, value); return; }
        SetEnv(name, value, 1);
    }
}

/// <summary>
/// ONNX Runtime's process-wide environment, set once: its telemetry switched off (it sends nothing on Linux
/// today, and must never start to), and only errors logged, so its warnings never land on our stderr.
/// </summary>
internal static class QuietRuntime
{
    private static int _done;

    public static bool TelemetryDisabled { get; private set; }

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        // ONNX Runtime 1.31's telemetry (1DS) starts with the environment and keeps a queue in the user's cache folder
        // (~/.cache/Microsoft/DeveloperTools/.onnxruntime) whatever DisableTelemetryEvents says later; only its own
        // switch, read from the native environment when the environment is made, keeps it from starting. .NET's
        // Environment.SetEnvironmentVariable does not reach the native environment on Linux, so set it there.
        NativeEnvironment.Set("ORT_DISABLE_TELEMETRY", "1");
        var creation = new EnvironmentCreationOptions { logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, logId = "lfr" };
        // Another part of the process may have made the environment already; then it is that one we configure.
        OrtEnv env;
        try { env = OrtEnv.CreateInstanceWithOptions(ref creation); }
        catch (OnnxRuntimeException) { env = OrtEnv.Instance(); }
        env.DisableTelemetryEvents();
        TelemetryDisabled = true;
    }
}
