using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LfrAudit.Core.Untrusted;

namespace LfrAudit.Cli.Output;

/// <summary>
/// Where a command writes: results to Out (a table for people, or with --json the JSON and nothing else), problems to Error.
/// Progress bars appear only when Out is an interactive terminal; redirected output stays line-oriented.
/// </summary>
internal sealed class CliOutput
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
    public IAnsiConsole Console { get; private set; }
    public bool IsInteractive { get; }

    /// <summary>
    /// Whether the command was asked for JSON (<c>--json</c>): then standard output is the JSON alone, for a tool to read,
    /// and every line, table and progress bar meant for people goes to standard error instead.
    /// </summary>
    public bool JsonOnly { get; private set; }

    /// <summary>From now on standard output carries only <see cref="Json{T}"/>; the rest goes to standard error.</summary>
    public void KeepOutForJson()
    {
        JsonOnly = true;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Error),
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsInteractive) Console.Profile.Width = 160;
    }

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

    /// <summary>JSON a command serialised itself (its own names and layout): on standard output, as <see cref="Json{T}"/> is.</summary>
    public void SerialisedJson(string json) => Out.WriteLine(json);

    /// <summary>
    /// A result as the command line writes JSON everywhere: snake_case names, enums in kebab-case, nulls left out. The
    /// relaxed encoder keeps names readable (O'Brien, not O\u0027Brien) but would pass the bidirectional overrides and the
    /// C1 controls through raw, which a terminal obeys: those are escaped too, so the JSON shows what it holds.
    /// </summary>
    public static string JsonText<T>(T value) => TerminalSafe(JsonSerializer.Serialize(value, JsonOptions));

    // Outside a string JSON is ASCII, so any such character is inside one, where \uXXXX means the same character.
    private static string TerminalSafe(string json)
    {
        if (!json.Any(NotForTerminals)) return json;
        var b = new System.Text.StringBuilder(json.Length + 16);
        foreach (var ch in json)
            if (NotForTerminals(ch)) b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
            else b.Append(ch);
        return b.ToString();
    }

    private static bool NotForTerminals(char ch) => ch is (>= '\u0080' and <= '\u009f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029' or '\u200e' or '\u200f' or '\u061c';

    /// <summary>A line for people: on standard output, or on standard error when the command was asked for JSON.</summary>
    public void Line(string text = "") => (JsonOnly ? Error : Out).WriteLine(text);

    /// <summary>
    /// A table for people: boxed on a terminal; piped or redirected, plain lines of columns separated by spaces with no
    /// box-drawing characters, which grep, cut and awk read and a log keeps legibly.
    /// </summary>
    public void Table(Table table)
    {
        if (IsInteractive)
        {
            Console.Write(table);
            return;
        }
        // As wide as the rows are: a cell wrapped onto a second line would split a row across two.
        table.Border(TableBorder.None).Collapse();
        var width = Console.Profile.Width;
        Console.Profile.Width = 100_000;
        try { Console.Write(table); }
        finally { Console.Profile.Width = width; }
    }

    /// <summary>A problem, as one line: control characters (from a path or a name) are escaped, never sent raw to a terminal.</summary>
    public void Problem(string text) => Error.WriteLine(SafeText.Escape(text));
}
