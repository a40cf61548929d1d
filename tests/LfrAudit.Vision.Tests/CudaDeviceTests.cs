using LfrAudit.Testing;
using LfrAudit.Core.Problems;
using LfrAudit.Vision.Catalogue;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// --device cuda where it cannot run: one line naming what is missing, in the CPU build (rebuild with -p:LfrGpu=true)
/// and in the GPU build on a machine without a GPU (which CUDA libraries, or the driver). CI runs this in both builds.
/// </summary>
public class CudaDeviceTests
{
    [Fact]
    public void Asking_for_cuda_without_a_gpu_is_one_line_naming_what_is_missing()
    {
        if (System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var driver))
        {
            System.Runtime.InteropServices.NativeLibrary.Free(driver);
            return; // a machine with an NVIDIA driver: nothing is missing to report
        }
        var spec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        var refused = Assert.Throws<LfrInputException>(() => new InferenceSettings(InferenceDevice.Cuda).Open(SharedData.Models.PathOf(spec), spec).Dispose());
        Assert.DoesNotContain('\n', refused.Message);
        if (InferenceSettings.IsGpuBuild)
            Assert.Contains("missing: libcuda.so.1", refused.Message);
        else
            Assert.Contains("CPU-only ONNX Runtime; rebuild with 'dotnet build -p:LfrGpu=true'", refused.Message);
        Assert.Contains("cpu device", refused.Message);
    }

    [Fact]
    public void On_a_gpu_real_faces_embed_as_they_do_on_the_cpu()
    {
        // Runs only in the GPU build on a machine with an NVIDIA driver (scripts/gpu-check.sh); these machines have neither.
        if (!InferenceSettings.IsGpuBuild || !System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var driver)) return;
        System.Runtime.InteropServices.NativeLibrary.Free(driver);
        using var cpu = RecognitionModels.Open(SharedData.Models, new ModelChoice(InferenceDevice.Cpu));
        using var gpu = RecognitionModels.Open(SharedData.Models, new ModelChoice(InferenceDevice.Cuda));
        foreach (var photo in Directory.GetFiles(SharedData.Dataset("ytf-dev", "photos", "Abdullah_Gul"), "*.jpg").Order().Take(5))
        {
            using var frame = new Frames.ImageFileReader().Read(photo);
            var faces = gpu.Detector.Detect(frame);
            Assert.Equal(cpu.Detector.Detect(frame).Count, faces.Count);
            var face = faces.MaxBy(f => f.Box.Width)!;
            using var a = cpu.FaceEmbedder.Embed(frame, [face]);
            using var b = gpu.FaceEmbedder.Embed(frame, [face]);
            Assert.True(System.Numerics.Tensors.TensorPrimitives.Dot(a.Row(0), b.Row(0)) > 0.99f, photo);
        }
    }

    [Fact]
    public void The_cpu_device_runs_the_models_in_either_build()
    {
        var spec = ModelCatalogue.Embedded.DefaultFor(ModelRole.Embedder);
        using var session = new InferenceSettings(InferenceDevice.Cpu).Open(SharedData.Models.PathOf(spec), spec);
        Assert.NotEmpty(session.InputMetadata);
    }
}
