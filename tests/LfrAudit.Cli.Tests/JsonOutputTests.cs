using System.Text.Json;
using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>
/// With --json standard output is the JSON and nothing else, whatever the command also says for people (that goes to
/// standard error): what a tool reads parses whole.
/// </summary>
[Trait("Category", "Dates")]
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempDir _dir = new();
    private string Db => _dir["store.db"];

    public JsonOutputTests() => TestUsers.In(Db);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Asked_for_json_lines_for_people_go_to_standard_error_and_the_json_alone_to_standard_output()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var output = new CliOutput(stdout, stderr);
        output.Line("before");
        Assert.Equal("before\n", stdout.ToString().Replace("\r", ""));
        output.KeepOutForJson();
        output.Line("serving deployment D with 1 camera");
        output.Console.Write(new Spectre.Console.Text("a table for people"));
        output.Json(new { ok = true });
        Assert.Equal("before\n{\n  \"ok\": true\n}\n", stdout.ToString().Replace("\r", ""));
        Assert.Contains("serving deployment D", stderr.ToString());
        Assert.Contains("a table for people", stderr.ToString());
    }

    [Theory]
    [InlineData("users list --json")]
    [InlineData("apikeys issue pnc-bridge --role supervisor --by sup-1 --json")]
    [InlineData("apikeys list --json")]
    [InlineData("retention enforce --json")]
    [InlineData("deployment list --json")]
    public async Task The_whole_of_standard_output_parses_as_json(string args)
    {
        var r = await Lfr.Run([.. args.Split(' '), "--db", Db]);
        Assert.True(r.Exit == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        Assert.True(json.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array, r.Out);
    }
}
