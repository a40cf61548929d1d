using LfrAudit.Testing;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Embedding;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Quality;

namespace LfrAudit.Vision.Tests;

/// <summary>
/// What the pipeline's stages call for every frame — the file decoder's next frame and its disposal, the detector,
/// the sharpness measure, the embedder — allocates nothing once warm, on the real models and the real 1080p street
/// clip (6 faces a frame). The clip is played twice; the second play is counted, byte by byte, on this thread (the
/// one that makes every call), so tests running beside it do not disturb the count.
/// </summary>
public class SteadyStateAllocationTests(ModelFixture models) : IClassFixture<ModelFixture>
{
    private sealed class Counts
    {
        public long Read, Detect, Measure, Embed, Frames, Faces;
    }

    [Fact]
    public void Reading_detecting_measuring_and_embedding_a_frame_allocate_nothing_once_warm()
    {
        var clip = SharedData.Dataset("videos", "facenet-pytorch_video.mp4");
        var faces = new List<DetectedFace>(64);
        using var rows = new EmbeddingBatch(0, models.Embedder.Dimension);
        using var sharpness = new LaplacianSharpness();
        Play(clip, faces, rows, sharpness); // fills every buffer to what the clip needs
        var counts = Play(clip, faces, rows, sharpness);

        Assert.True(counts.Frames > 100 && counts.Faces > 300, $"only {counts.Frames} frames and {counts.Faces} faces were played");
        Assert.Equal((0L, 0L, 0L, 0L), (counts.Read, counts.Detect, counts.Measure, counts.Embed));
    }

    private Counts Play(string clip, List<DetectedFace> faces, EmbeddingBatch rows, LaplacianSharpness sharpness)
    {
        var counts = new Counts();
        using var source = new VideoFileSource(clip);
        Assert.Equal(VideoDecoder.Ffmpeg, source.Decoder); // the decoder CI installs, and the one runs use
        using var frames = source.ReadFrames(CancellationToken.None).GetEnumerator();
        bool first = true;
        while (true)
        {
            long t0 = Now();
            if (!frames.MoveNext()) break; // the end of the file (the decoder's exit) is not a frame
            IFrame frame = frames.Current;
            long t1 = Now();
            models.Detector.Detect(frame, faces);
            long t2 = Now();
            foreach (var face in faces) sharpness.Sharpness(frame, face.Box);
            long t3 = Now();
            models.Embedder.Embed(frame, faces, rows);
            long t4 = Now();
            rows.Resize(0); // the rows wiped, as the pipeline does once a frame is matched
            frame.Dispose();
            long t5 = Now();
            if (first) { first = false; continue; } // its read started the decoder: once a file, not once a frame
            counts.Read += t1 - t0 + (t5 - t4);
            counts.Detect += t2 - t1;
            counts.Measure += t3 - t2;
            counts.Embed += t4 - t3;
            counts.Frames++;
            counts.Faces += faces.Count;
        }
        return counts;
    }

    private static long Now() => GC.GetAllocatedBytesForCurrentThread();
}
