namespace LfrAudit.Publishing.Rendering;

/// <summary>What every document made on a simulation clock says first, so no one reads a simulation's dates as real ones.</summary>
internal static class SimulationBanner
{
    public const string Text = "SIMULATION: this document was produced by a demo or a simulated programme. Its dates and times come from a simulation clock, not real time; no one was filmed.";

    public static string Html => $"<p class=\"note late\" role=\"note\">{Rendering.Html.E(Text)}</p>";

    public static string Markdown => $"> **{Text}**";

    /// <summary>Before a title where there is no room for the banner (a calendar event's summary).</summary>
    public const string Title = "SIMULATION: ";
}
