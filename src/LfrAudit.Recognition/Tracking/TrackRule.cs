using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// How the searches of one person (a track, or tracks joined) decide an alert. <see cref="BestFrame"/>: any one searched
/// frame whose best candidate reaches the threshold. <see cref="MeanEmbedding"/>: that, and also the mean of all their
/// searched embeddings, re-normalised, searched once they have two — small, blurred, turned faces each fall short, but
/// their noise averages out while the person's likeness adds up. The mean is held only while they are in view.
/// </summary>
public enum TrackRule { BestFrame, MeanEmbedding }

public static class TrackRules
{
    public static string Name(this TrackRule r) => r == TrackRule.BestFrame ? "best-frame" : "mean";

    public static TrackRule Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "best-frame" => TrackRule.BestFrame,
        "mean" => TrackRule.MeanEmbedding,
        _ => throw new LfrInputException($"track rule '{SafeText.Escape(text)}': give best-frame or mean"),
    };
}
