using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LfrAudit.Cli.Hosting;

/// <summary>
/// Where a command writes: results to Out (a table for people, JSON with --json), problems to Error.
/// Progress bars appear only when Out is an interactive terminal; redirected output stays line-oriented.
/// </summary>
public sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }
    public bool IsInteractive { get; }

    public CliOutput(TextWriter @out, TextWriter error)
    {
        Out = @out;
        Error = error;
        IsInteractive = ReferenceEquals(@out, System.Console.Out) && !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(@out),
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsInteractive) Console.Profile.Width = 160;
    }

    public void Json<T>(T value) => Out.WriteLine(JsonText(value));

    /// <summary>A result as the command line writes JSON everywhere: snake_case names, enums in kebab-case, nulls left out.</summary>
    public static string JsonText<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>A problem, as one line: control characters (from a path or a name) are escaped, never sent raw to a terminal.</summary>
    public void Problem(string text) => Error.WriteLine(Core.Inputs.SafeText.Escape(text));
}
