using LfrAudit.Cli.Output;

namespace LfrAudit.Cli.Tests;

/// <summary>The domain says what was wrong with which field; the command line says it with the flag a person typed.</summary>
public class PhrasingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--every '0' is not valid", "run", "--watchlist", "w", "--source", "x", "--every", "0")]
    [InlineData("--fps '0' is not valid", "run", "--watchlist", "w", "--source", "x", "--fps", "0")]
    [InlineData("--decision 'maybe' is not valid", "alerts", "adjudicate", "1", "--decision", "maybe", "--by", "op")]
    [InlineData("--by ' ' is not valid", "alerts", "adjudicate", "1", "--decision", "confirm", "--by", " ")]
    public async Task Field_problems_name_the_flag(string expected, params string[] args)
    {
        var r = await Lfr.Run([.. args, "--db", _dir["store.db"]]);
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.StartsWith($"error: {expected}", Assert.Single(r.ErrorLines));
    }

    [Fact]
    public async Task An_unknown_device_names_the_flag()
    {
        var r = await Lfr.Run("run", "--watchlist", "w", "--source", Testing.SharedData.Dataset("lfw", "images", "Colin_Powell"), "--device", "tpu", "--db", _dir["store.db"]);
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.StartsWith("error: --device 'tpu' is not valid: use cpu or cuda", Assert.Single(r.ErrorLines));
    }

    [Fact]
    public async Task Replacing_a_signing_key_names_the_flag_that_would_do_it()
    {
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir.Path)).Exit);
        var again = await Lfr.Run("audit", "keygen", "--out", _dir.Path);
        Assert.Equal(ExitCodes.BadInput, again.Exit);
        Assert.EndsWith("(--force)", Assert.Single(again.ErrorLines));
        Assert.Equal(0, (await Lfr.Run("audit", "keygen", "--out", _dir.Path, "--force")).Exit);
    }
}
