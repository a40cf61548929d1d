using Microsoft.Playwright;

namespace LfrAudit.Testing.Browsers;

/// <summary>Debian's Chromium (scripts/setup.sh installs it; LFR_CHROMIUM names another), headless, as every browser test drives it.</summary>
public static class HeadlessChromium
{
    /// <summary>The browser's executable.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("LFR_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    /// <summary>Launches it through Playwright (never `playwright install`: see ../shared/design/STACK.md).</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright pw) => await pw.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Executable,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
}
