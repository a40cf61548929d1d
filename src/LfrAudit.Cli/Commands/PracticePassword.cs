using System.Security.Cryptography;

namespace LfrAudit.Cli.Commands;

/// <summary>A password for the demo's practice trainee: random, printed once, easy to read out and type (no 0/o, 1/l/i).</summary>
internal static class PracticePassword
{
    private const string Letters = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>Four groups of four, e.g. "k7mw-2xqa-…": 19 characters, about 79 bits.</summary>
    public static string New() => string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Letters, 4)));
}
