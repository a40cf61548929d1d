using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Recognition.Tracking;

/// <summary>
/// How the searches of one person (a track, or tracks joined) decide an alert. <see cref="BestFrame"/>: any one searched
/// frame whose best candidate reaches the threshold. <see cref="MeanEmbedding"/>: that, and also the mean of all their
/// searched embeddings, re-normalised, searched once they have two — small, blurred, turned faces each fall short, but
/// their noise averages out while the person's likeness adds up. The mean is held only while they are in view.
/// </summary>
public enum TrackRule
{
    /// <summary>Any one searched frame reaching the threshold alerts (as live runs do).</summary>
    BestFrame,
    /// <summary>That, or the mean of the person's searched embeddings reaching it.</summary>
    MeanEmbedding,
}

/// <summary>The rules by the names the command line and the reports use.</summary>
public static class TrackRules
{
    /// <summary>"best-frame" or "mean".</summary>
    public static string Name(this TrackRule r) => r == TrackRule.BestFrame ? "best-frame" : "mean";

    /// <summary>The rule a user named; anything else is refused, naming both.</summary>
    public static TrackRule Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "best-frame" => TrackRule.BestFrame,
        "mean" => TrackRule.MeanEmbedding,
        _ => throw new LfrInputException($"track rule '{SafeText.Escape(text)}': give best-frame or mean"),
    };
}
