using LfrAudit.Core.Domain;
using LfrAudit.Vision.Frames;
using OpenCvSharp;

namespace LfrAudit.Vision.Synthesis;

/// <summary>A person shown in a synthetic clip: which labelled image, who it is, and where and when it appears.</summary>
public sealed record ClipAppearance(string Identity, string Image, int FirstFrame, int LastFrame, int X, int Y, int Width, int Height,
    IReadOnlyDictionary<string, string>? Groups = null, int DriftXPerFrame = SyntheticClip.DriftPerFrame);

/// <summary>The ground truth of a synthetic clip: every appearance, frame-exact.</summary>
public sealed record ClipTruth(string Video, double Fps, int Width, int Height, int Frames, IReadOnlyList<ClipAppearance> Appearances);

/// <summary>One scene: the people in it (image path and identity), shown side by side for a number of frames.</summary>
public sealed record ClipScene(IReadOnlyList<(string Image, string Identity)> People, int Frames)
{
    /// <summary>Demographic labels of the people, by identity, carried into the truth file.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Groups { get; init; }
}

/// <summary>
/// Writes a video made from labelled still images (MJPG in AVI: the encoder this OpenCV build has), with
/// a frame-exact record of who is where. Each person drifts slowly across the frame so consecutive frames
/// are not identical, as in footage of people walking past.
/// </summary>
public static class SyntheticClip
{
    /// <summary>How far each person moves right per frame, in pixels (recorded in the truth).</summary>
    public const int DriftPerFrame = 2;

    public static ClipTruth Write(string videoPath, IReadOnlyList<ClipScene> scenes, int width = 1280, int height = 720, double fps = 10, int personHeight = 320)
    {
        if (scenes.Count == 0) throw new LfrInputException($"{videoPath}: a clip needs at least one scene");
        using var writer = new VideoWriter(videoPath, FourCC.MJPG, fps, new Size(width, height));
        if (!writer.IsOpened()) throw new LfrInputException($"{videoPath}: cannot write video here (folder missing or not writable)");

        var appearances = new List<ClipAppearance>();
        using var frame = new Mat(height, width, MatType.CV_8UC3);
        int frameIndex = 0;
        foreach (var scene in scenes)
        {
            var people = scene.People.Select(p => (p.Identity, p.Image, Pixels: Scaled(ImageFileReader.ReadBgr(p.Image), personHeight))).ToList();
            try
            {
                int slot = width / Math.Max(1, people.Count);
                var origins = people.Select((p, i) => (X: i * slot + (slot - p.Pixels.Width) / 2, Y: (height - p.Pixels.Height) / 2)).ToList();
                for (int f = 0; f < scene.Frames; f++)
                {
                    Background(frame);
                    for (int i = 0; i < people.Count; i++)
                    {
                        var (x, y) = Place(origins[i], f, people[i].Pixels.Size(), width, height);
                        using var roi = new Mat(frame, new Rect(x, y, people[i].Pixels.Width, people[i].Pixels.Height));
                        people[i].Pixels.CopyTo(roi);
                    }
                    writer.Write(frame);
                    frameIndex++;
                }
                int first = frameIndex - scene.Frames;
                for (int i = 0; i < people.Count; i++)
                {
                    var (x, y) = Place(origins[i], 0, people[i].Pixels.Size(), width, height);
                    appearances.Add(new ClipAppearance(people[i].Identity, people[i].Image, first, frameIndex - 1, x, y, people[i].Pixels.Width, people[i].Pixels.Height,
                        scene.Groups?.GetValueOrDefault(people[i].Identity)));
                }
            }
            finally
            {
                foreach (var p in people) p.Pixels.Dispose();
            }
        }
        return new ClipTruth(videoPath, fps, width, height, frameIndex, appearances);
    }

    private static Mat Scaled(Mat image, int targetHeight)
    {
        double s = targetHeight / (double)image.Height;
        var scaled = new Mat();
        Cv2.Resize(image, scaled, new Size(Math.Max(1, (int)(image.Width * s)), targetHeight), 0, 0, InterpolationFlags.Linear);
        image.Dispose();
        return scaled;
    }

    // Two pixels a frame to the right, kept inside the frame.
    private static (int X, int Y) Place((int X, int Y) origin, int frame, Size size, int width, int height) =>
        (Math.Clamp(origin.X + DriftPerFrame * frame, 0, Math.Max(0, width - size.Width)), Math.Clamp(origin.Y, 0, Math.Max(0, height - size.Height)));

    private static void Background(Mat frame) => frame.SetTo(new Scalar(96, 104, 100));
}
