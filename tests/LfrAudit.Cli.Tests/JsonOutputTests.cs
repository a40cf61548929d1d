using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// `--json` output reaches terminals too: whatever a name or path holds, the JSON carries no character a terminal
/// obeys (C0 and C1 controls, bidirectional overrides and isolates, line separators) raw, and reads back as exactly
/// the value it was given.
/// </summary>
public sealed class JsonOutputTests
{
    private static readonly char[] Obeyed = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

    private static bool IsObeyed(char ch) => ch < 0x20 && ch is not '\n' and not ' ' || Obeyed.Contains(ch);

    [Fact]
    public void Any_text_is_written_with_nothing_a_terminal_obeys_and_reads_back_the_same()
    {
        var text = Gen.OneOf(Gen.Elements(Obeyed), Gen.Elements('a', 'é', '\'', '"', '<', '\\', '中', 'ش'), Gen.Choose(0, 0xD7FF).Select(c => (char)c))
            .ArrayOf().Select(cs => new string(cs));
        Prop.ForAll(text.ToArbitrary(), s =>
        {
            var json = CliOutput.JsonText(new { name = s, nested = new[] { s } });
            Assert.DoesNotContain(json, IsObeyed);
            var back = JsonDocument.Parse(json).RootElement;
            Assert.Equal(s, back.GetProperty("name").GetString());
            Assert.Equal(s, back.GetProperty("nested")[0].GetString());
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Names_stay_readable()
    {
        Assert.Contains("O'Brien", CliOutput.JsonText(new { name = "O'Brien" }));
        Assert.Contains("Zoë <van 3>", CliOutput.JsonText(new { name = "Zoë <van 3>" }));
    }
}
