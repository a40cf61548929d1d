using System.Diagnostics;
using System.Text.Json.Serialization;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;
using LfrAudit.Vision.Detection;
using LfrAudit.Vision.Frames;
using LfrAudit.Vision.Catalogue;
using LfrAudit.Vision.Synthesis;

namespace LfrAudit.Measurement.Pipeline;

/// <summary>Faces of one range of heights (pixels, in the frame) and how many of them each detection size found.</summary>
public sealed record FaceHeightBin(
    [property: JsonPropertyName("heights_px")] string Heights,
    int Faces,
    [property: JsonPropertyName("found_at_default")] int FoundAtDefault,
    [property: JsonPropertyName("found_at_full_resolution")] int FoundAtFullResolution);

/// <summary>A real clip with no truth: faces found a frame and the smallest found, at the default size and a larger one.</summary>
public sealed record ClipDetectionFigures(string Video, int Width, int Height, int Frames,
    [property: JsonPropertyName("larger_long_side")] int LargerLongSide,
    [property: JsonPropertyName("faces_per_frame_default")] double FacesPerFrameDefault,
    [property: JsonPropertyName("faces_per_frame_larger")] double FacesPerFrameLarger,
    [property: JsonPropertyName("smallest_face_px_default")] double SmallestFaceDefault,
    [property: JsonPropertyName("smallest_face_px_larger")] double SmallestFaceLarger,
    [property: JsonPropertyName("detector_ms_default")] double DetectorMsDefault,
    [property: JsonPropertyName("detector_ms_larger")] double DetectorMsLarger);

/// <summary>
/// Distant faces: a synthesised 1080p crowd far from the camera (faces about 12 to 40 px high, the truth known
/// for every frame) searched at the default detection size (640) and at full resolution (1920), found faces
/// counted by height; the cost of each size on a 1080p frame; and the classroom clip (small faces in 480×270)
/// at its own size and at twice it.
/// </summary>
public sealed record DistantFaceFigures(
    [property: JsonPropertyName("synthetic_frames")] int SyntheticFrames,
    [property: JsonPropertyName("synthetic_by_height")] IReadOnlyList<FaceHeightBin> SyntheticByHeight,
    [property: JsonPropertyName("detector_ms_1080p_default")] double DetectorMs1080pDefault,
    [property: JsonPropertyName("detector_ms_1080p_full_resolution")] double DetectorMs1080pFullResolution,
    ClipDetectionFigures? Classroom);

/// <summary>Measures how small a face the detector finds at each detection size, and what that costs.</summary>
public static class DistantFaces
{
    /// <summary>The long side of a 1080p frame: detection at the camera's own resolution, the most a face can get.</summary>
    public const int FullResolution = 1920;
    private static readonly (float From, float To)[] Bins = [(12, 16), (16, 24), (24, 32), (32, 48)];

    /// <param name="photos">Labelled face photos to walk in the crowd (LFW).</param>
    /// <param name="scene">A video whose frames give the crowd's background.</param>
    /// <param name="classroom">The classroom clip, if present.</param>
    public static DistantFaceFigures Measure(ModelSpec detectorSpec, string detectorPath, IReadOnlyList<CrowdPhoto> photos, string scene,
        string? classroom, int frames, string workFolder, Action<string> say)
    {
        var inference = new InferenceSettings(IntraOpThreads: 1);
        using var normal = new YuNetDetector(detectorSpec, detectorPath, inference);
        using var full = new YuNetDetector(detectorSpec, detectorPath, inference, new DetectorSettings(LongSide: FullResolution));

        say($"distant faces: a synthesised 1080p crowd of {frames} frames, faces 12 to 40 px high");
        var look = new CrowdLook(1920, 1080, 10, frames, FarFaceHeight: 12, NearFaceHeight: 40);
        PhotoFace? FaceOf(CrowdPhoto p)
        {
            using var frame = new ImageFileReader().Read(p.Image);
            return normal.Detect(frame).FirstOrDefault() is { } f ? new PhotoFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height) : null;
        }
        var walkers = CrowdPlanner.Plan(new CrowdPlanRequest(look, 150, 0, [], photos, null, Seed: 11, OcclusionRate: 0), FaceOf);
        using var plate = ScenePlate.FromVideo(scene, look.Width, look.Height, normal);
        var clip = Path.Combine(workFolder, "distant-crowd.avi");
        var truth = CrowdClip.Write(clip, plate, look, walkers, seed: 11);

        var faces = new int[Bins.Length];
        var foundNormal = new int[Bins.Length];
        var foundFull = new int[Bins.Length];
        double normalMs = 0, fullMs = 0;
        int read = 0;
        using (var source = new VideoFileSource(clip))
            foreach (var frame in source.ReadFrames(CancellationToken.None))
                using (frame)
                {
                    read++;
                    var (a, ms1) = Timed(normal, frame);
                    var (b, ms2) = Timed(full, frame);
                    normalMs += ms1;
                    fullMs += ms2;
                    foreach (var walker in truth.Appearances)
                    {
                        if (!walker.Boxes.TryGetValue((int)frame.Index, out var box) || TouchesEdge(box, look)) continue;
                        int bin = Array.FindIndex(Bins, r => box.Height >= r.From && box.Height < r.To);
                        if (bin < 0) continue;
                        faces[bin]++;
                        var truthBox = new BoxF(box.X, box.Y, box.Width, box.Height);
                        if (a.Any(f => f.Box.IntersectionOverUnion(truthBox) >= 0.3f)) foundNormal[bin]++;
                        if (b.Any(f => f.Box.IntersectionOverUnion(truthBox) >= 0.3f)) foundFull[bin]++;
                    }
                }
        File.Delete(clip);
        var byHeight = Bins.Select((r, i) => new FaceHeightBin($"{r.From}-{r.To}", faces[i], foundNormal[i], foundFull[i])).ToList();

        ClipDetectionFigures? classroomFigures = null;
        if (classroom is not null && File.Exists(classroom))
        {
            say($"distant faces: {Path.GetFileName(classroom)} at its own size and at twice it");
            classroomFigures = Clip(detectorSpec, detectorPath, inference, normal, classroom);
        }
        return new DistantFaceFigures(read, byHeight, Math.Round(normalMs / Math.Max(1, read), 2), Math.Round(fullMs / Math.Max(1, read), 2), classroomFigures);
    }

    /// <summary>The first photo of each of the first identities of an LFW-style folder (one folder a person), for a crowd.</summary>
    public static IReadOnlyList<CrowdPhoto> PhotosFrom(string identityFolders, int count) =>
        Directory.GetDirectories(identityFolders).OrderBy(d => d, StringComparer.Ordinal).Take(count)
            .Select(d => (Identity: Path.GetFileName(d), Photo: Directory.GetFiles(d).OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault()))
            .Where(p => p.Photo is not null)
            .Select(p => new CrowdPhoto(p.Identity, p.Photo!, new Dictionary<string, string> { ["set"] = "lfw" })).ToList();

    private static ClipDetectionFigures Clip(ModelSpec spec, string path, InferenceSettings inference, YuNetDetector normal, string video)
    {
        int width, height;
        using (var probe = new VideoFileSource(video)) (width, height) = (probe.Width, probe.Height);
        int larger = Math.Clamp(2 * Math.Max(width, height), DetectorSettings.SmallestLongSide, DetectorSettings.LargestLongSide);
        using var big = new YuNetDetector(spec, path, inference, new DetectorSettings(LongSide: larger));
        int frames = 0, foundA = 0, foundB = 0;
        double smallestA = double.PositiveInfinity, smallestB = double.PositiveInfinity, msA = 0, msB = 0;
        using var source = new VideoFileSource(video);
        foreach (var frame in source.ReadFrames(CancellationToken.None))
            using (frame)
            {
                frames++;
                var (a, ms1) = Timed(normal, frame);
                var (b, ms2) = Timed(big, frame);
                msA += ms1;
                msB += ms2;
                foundA += a.Count;
                foundB += b.Count;
                if (a.Count > 0) smallestA = Math.Min(smallestA, a.Min(f => f.Box.Height));
                if (b.Count > 0) smallestB = Math.Min(smallestB, b.Min(f => f.Box.Height));
            }
        double Per(double n) => Math.Round(n / Math.Max(1, frames), 2);
        double Px(double v) => double.IsFinite(v) ? Math.Round(v, 1) : 0;
        return new ClipDetectionFigures(Path.GetFileName(video), width, height, frames, larger, Per(foundA), Per(foundB), Px(smallestA), Px(smallestB), Per(msA), Per(msB));
    }

    private static (IReadOnlyList<DetectedFace> Faces, double Ms) Timed(IFaceDetector detector, IFrame frame)
    {
        var clock = Stopwatch.StartNew();
        var faces = detector.Detect(frame);
        return (faces, clock.Elapsed.TotalMilliseconds);
    }

    // A face cut by the frame's edge is not a whole face to find.
    private static bool TouchesEdge(FrameBox b, CrowdLook look) => b.X <= 0.5f || b.Y <= 0.5f || b.X + b.Width >= look.Width - 0.5f || b.Y + b.Height >= look.Height - 0.5f;
}
