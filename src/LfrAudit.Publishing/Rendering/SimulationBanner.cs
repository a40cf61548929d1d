namespace LfrAudit.Publishing.Rendering;

/// <summary>What every document made on a simulation clock says first, so no one reads a simulation's dates as real ones.</summary>
internal static class SimulationBanner
{
    public const string Text = Pages.Layout.SimulationBanner.Text; // the HTML pages show the same words (PageLayout)

    public static string Markdown => $"> **{Text}**";

    /// <summary>Before a title where there is no room for the banner (a calendar event's summary).</summary>
    public const string Title = "SIMULATION: ";
}
