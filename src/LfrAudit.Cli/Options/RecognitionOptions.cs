using LfrAudit.Core.Problems;
using LfrAudit.Recognition.Detection;
using LfrAudit.Recognition.Frames;

namespace LfrAudit.Cli.Options;

/// <summary>The options every recognising command shares: which frames are searched, and which faces are good enough to search.</summary>
internal static class RecognitionOptions
{
    public static Option<int?> Every => new("--every") { Description = "Search every Nth frame" };
    public static Option<double?> Fps => new("--fps") { Description = "Search at most this many frames per second of source time" };
    public static Option<int> DetectEvery => new Option<int>("--detect-every")
    {
        Description = "Look for faces on one frame in N (1-10) and track the frames between by motion, looking at once again when a face appears or goes missing; at least every 0.2 s of video (default 1: every frame)",
        DefaultValueFactory = _ => 1,
    }.Within(1, 10);
    public static Option<int?> DecodeSize => new Option<int?>("--decode-size")
    {
        Description = "Network cameras: decode pictures down to this long side in pixels (320-7680; default: the camera's own size); cheaper to convert, but faces are embedded and kept as evidence at that size",
    }.Within(320, 7680);
    public static Option<int> MinFace => new("--min-face") { Description = "Quality gate: smallest face side in pixels that is searched", DefaultValueFactory = _ => QualityGate.Default.MinFaceSizePixels };
    public static Option<float> MinScore => new Option<float>("--min-detection-score") { Description = "Quality gate: lowest detector score that is searched", DefaultValueFactory = _ => QualityGate.Default.MinDetectionScore }.Within(0f, 1f);

    public static void AddTo(Command command)
    {
        command.Options.Add(Every);
        command.Options.Add(Fps);
        command.Options.Add(DetectEvery);
        command.Options.Add(DecodeSize);
        command.Options.Add(MinFace);
        command.Options.Add(MinScore);
    }

    public static FrameSampling Sampling(CommandContext c)
    {
        if (c.Get(Every) is not null && c.Get(Fps) is not null)
            throw new LfrInputException("--every and --fps both given: choose one way to sample frames");
        return c.Get(Every) is { } n ? FrameSampling.Every(n) : c.Get(Fps) is { } f ? FrameSampling.PerSecond(f) : FrameSampling.All;
    }

    public static QualityGate Gate(CommandContext c)
    {
        if (c.Get(MinFace) < 1) throw new LfrInputException($"--min-face {c.Get(MinFace)} is not valid: give a size of 1 pixel or more");
        return new QualityGate(c.Get(MinFace), c.Get(MinScore));
    }
}
