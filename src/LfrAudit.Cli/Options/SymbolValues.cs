namespace LfrAudit.Cli.Options;

/// <summary>
/// Reading an option's or argument's value by its name in the parsed command. Commands declare their options as
/// properties that make a fresh object each time, so each command tree has its own: an option object remembers every
/// command it was ever added to, and System.CommandLine walks that list on each add, so one object shared by the trees
/// of a long-lived process (a test host runs thousands) made building a tree quadratically slower — 3,000 trees took
/// nine minutes. The object a command reads with is then not the one in the tree, hence the name.
/// </summary>
internal static class SymbolValues
{
    public static T? ValueOf<T>(this ParseResult parse, Option<T> option) => parse.GetValue<T>(option.Name);

    public static T? ValueOf<T>(this ParseResult parse, Argument<T> argument) => parse.GetValue<T>(argument.Name);
}
