using System.Net;
using LfrAudit.Web;

namespace LfrAudit.Cli.Output;

/// <summary>
/// Where the console can be reached, said as it is: an address of every interface is not "127.0.0.1", and a console
/// reachable from the network over plain HTTP sends passwords, session cookies and evidence images unencrypted — said
/// as a warning on standard error, every time, so no one serves it that way without being told; so is a certificate
/// about to expire (one already expired is refused).
/// </summary>
internal static class ConsoleAnnouncement
{
    public static void Announce(CliOutput output, ConsoleSettings settings, OperatorConsole console)
    {
        var reachedAt = console.Address;
        var host = settings.Listen.Host.Trim('[', ']');
        var everywhere = IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
        var loopback = settings.Listen.IsLoopback;
        if (loopback)
            output.Line($"console on {reachedAt} (this machine only)");
        else if (everywhere)
            output.Line($"console on {settings.Listen.Scheme}://{settings.Listen.Host}:{reachedAt.Port}: every network interface of this machine (from here: {reachedAt})");
        else
            output.Line($"console on {settings.Listen.Scheme}://{settings.Listen.Host}:{reachedAt.Port} (reachable from the network)");
        if (!loopback && settings.Listen.Scheme == Uri.UriSchemeHttp)
            output.Problem("warning: the console is reachable from the network over plain HTTP: passwords, session cookies and evidence images cross it unencrypted; give https://… with --certificate");
        if (console.CertificateEndsSoon is { } ends)
            output.Problem($"warning: the HTTPS certificate expires on {ends:yyyy-MM-dd HH:mm} UTC: renew it before then, or the console will not start");
    }
}
