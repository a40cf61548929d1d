using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace LfrAudit.Cli.Output;

/// <summary>
/// What was wrong with a command line, as one line a person can act on: every missing option named, an unknown word with
/// the nearest command or option it may have meant, and the help to read for the command it got as far as.
/// </summary>
internal static partial class ParseProblems
{
    /// <summary>
    /// What was wrong with the command line, or null if nothing was: the line to print, and whether only values were wrong
    /// (bad input, exit 3, as a value the domain refuses is; a command line of the wrong shape, an unknown word or a missing
    /// option, is a usage error, exit 2).
    /// </summary>
    public static (string Line, bool OnlyValues)? Find(ParseResult parse)
    {
        var misplaced = NotApplying(parse);
        if (parse.Errors.Count == 0 && misplaced.Count == 0) return null;
        var onlyValues = parse.UnmatchedTokens.Count == 0 && misplaced.Count == 0
            && parse.Errors.All(e => WrongType().IsMatch(e.Message) || e.Message.Contains(" is out of range: ", StringComparison.Ordinal));
        return (Describe(parse, misplaced), onlyValues);
    }

    private static string Describe(ParseResult parse, IReadOnlyList<Option> misplaced)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        var problems = new List<string>();
        var missing = parse.Errors.Select(e => MissingOption().Match(e.Message)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (missing.Count > 0) problems.Add($"missing {string.Join(", ", missing)}");
        // The first unknown word, and every unknown option: what follows an unknown word is usually its value or its own command.
        var unknown = parse.UnmatchedTokens.Take(1).Concat(parse.UnmatchedTokens.Skip(1).Where(t => t.StartsWith('-'))).Distinct().ToList();
        // An option other commands take, given to one that does not: why is the whole story (its value, taken for an
        // argument or a stray word, would only confuse it).
        if (misplaced.Count > 0)
        {
            problems.AddRange(misplaced.Select(o => $"'{o.Name}' does not apply to '{path}': it {SharedOptions.Subject(o)}"));
            return $"{string.Join("; ", problems.Distinct())}; try '{path} --help'";
        }
        foreach (var token in unknown)
        {
            var names = token.StartsWith('-')
                ? command.Options.Concat(InheritedOptionsOf(parse)).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            var nearest = Nearest(token, names);
            problems.Add($"'{Untrusted(token)}' is not {(token.StartsWith('-') ? "an option" : "a command")} of '{path}'" + (nearest is null ? "" : $" (did you mean '{nearest}'?)"));
        }
        foreach (var e in parse.Errors)
        {
            if (MissingOption().IsMatch(e.Message) || parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            if (e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                if (unknown.Count == 0) problems.Add($"'{path}' needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
            }
            else if (WrongType().Match(e.Message) is { Success: true } m)
                problems.Add($"{m.Groups[2].Value} '{Untrusted(m.Groups[1].Value)}' is not {Kind(m.Groups[3].Value)}");
            else problems.Add(Untrusted(e.Message.TrimEnd('.')));
        }
        return $"{string.Join("; ", problems.Distinct())}; try '{path} --help'";
    }

    /// <summary>The shared options given (before any "--") to a command that does not take them.</summary>
    private static List<Option> NotApplying(ParseResult parse) => parse.Tokens
        .TakeWhile(t => t.Type != TokenType.DoubleDash)
        .Select(t => SharedOptions.All.FirstOrDefault(o => o.Name == t.Value.Split('=', 2)[0]))
        .OfType<Option>().Where(o => !CommandContext.Takes(parse, o)).Distinct().ToList();

    [GeneratedRegex("^Option '([^']+)' is required")]
    private static partial Regex MissingOption();

    [GeneratedRegex("^Cannot parse argument '(.*)' for option '([^']+)' as expected type '([^']+)'", RegexOptions.Singleline)]
    private static partial Regex WrongType();

    // The parser's .NET type names, in words.
    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value it takes",
    };

    // The recursive options of the commands above this one (the log options, from the root).
    private static IEnumerable<Option> InheritedOptionsOf(ParseResult parse)
    {
        for (var r = parse.CommandResult.Parent as CommandResult; r is not null; r = r.Parent as CommandResult)
            foreach (var o in r.Command.Options.Where(o => o.Recursive)) yield return o;
    }

    private static string CommandPath(CommandResult r) => r.Parent is CommandResult parent ? $"{CommandPath(parent)} {r.Command.Name}" : "lfr";

    private static string Untrusted(string text) => Core.Untrusted.SafeText.Escape(text);

    // The closest name by edit distance, if it is close enough to be a slip of the keyboard.
    private static string? Nearest(string typed, IEnumerable<string> names)
    {
        var best = names.Select(n => (Name: n, Distance: Distance(typed.ToLowerInvariant(), n.ToLowerInvariant()))).OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, typed.Length / 3) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64) return int.MaxValue; // a pasted paragraph is no typo
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
