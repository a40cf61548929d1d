using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Publishing.Documents;
using LfrAudit.Recognition.Matching;

namespace LfrAudit.Cli.Configuration;

/// <summary>Where a setting's value came from, as `lfr config show` says it.</summary>
internal sealed record ConfiguredValue(ConfigurationKey Key, string? Value, string Source);

/// <summary>
/// A force's settings, set up once: lfr.yaml (given with --config or $LFR_CONFIG, else beside the SQLite store, else in
/// the working folder for a central store), each key overridden by its environment variable, and flags over both where
/// a command has one. Every value is checked here, so a wrong one is refused before a command does anything.
/// </summary>
internal sealed record LfrConfiguration(
    PublicationSettings Publication,
    Threshold? DefaultThreshold,
    int RetainConfirmedDays,
    int RetainUnadjudicatedHours,
    string? ConsoleListen,
    string? ConsoleCertificate,
    string? ConsoleCertificatePasswordEnv,
    string? File,
    IReadOnlyList<ConfiguredValue> Values)
{
    public const int DefaultRetainConfirmedDays = 31, DefaultRetainUnadjudicatedHours = 24;

    /// <summary>The settings from <paramref name="file"/> (none: defaults) and <paramref name="environment"/>.</summary>
    public static LfrConfiguration From(string? file, Func<string, string?> environment)
    {
        var fromFile = file is null ? new Dictionary<string, ConfigurationFile.Entry>() : ConfigurationFile.Read(file);
        var shownFile = file is null ? null : FileKind.Show(file);
        var values = new List<ConfiguredValue>();

        // The value and where it came from: the environment over the file; a blank variable counts as unset.
        (string? Value, string Where) Raw(ConfigurationKey k)
        {
            if (environment(k.EnvironmentVariable) is { Length: > 0 } env) return (env, $"environment {k.EnvironmentVariable}");
            if (fromFile.TryGetValue(k.Path, out var e)) return (e.Value, $"{shownFile}:{e.Line}");
            return (null, "default");
        }
        T Take<T>(ConfigurationKey k, Func<string, T> parse, T fallback, Func<T, string?> show)
        {
            var (raw, where) = Raw(k);
            T value;
            try { value = raw is null ? fallback : parse(raw.Trim()); }
            catch (LfrInputException ex) { throw new LfrInputException($"{where}: {k.Path}: {ex.Message}", ex); }
            values.Add(new ConfiguredValue(k, show(value), where));
            return value;
        }

        var d = PublicationSettings.Default;
        var force = Take(ConfigurationKeys.ForceName, Published, d.Force, v => v);
        var legal = Take(ConfigurationKeys.LegalBasis, Published, d.LegalBasis, v => v);
        var contact = Take(ConfigurationKeys.Contact, Published, d.Contact, v => v);
        var baseUrl = Take(ConfigurationKeys.BaseUrl, SiteBaseUrl.Parse, null, v => v?.ToString());
        Take(ConfigurationKeys.TimeZone, OnlyThis("Europe/London", "time zone"), "Europe/London", v => v);
        Take(ConfigurationKeys.Calendar, OnlyThis("england-and-wales", "calendar"), "england-and-wales", v => v);
        var threshold = Take<Threshold?>(ConfigurationKeys.Threshold, t => Recognition.Matching.Threshold.Parse(t), null, v => v?.Value.ToString(CultureInfo.InvariantCulture));
        var confirmed = Take(ConfigurationKeys.RetainConfirmedDays, t => Whole(t, 0, 3650, "days"), DefaultRetainConfirmedDays, v => v.ToString(CultureInfo.InvariantCulture));
        var unadjudicated = Take(ConfigurationKeys.RetainUnadjudicatedHours, t => Whole(t, 0, 24 * 3650, "hours"), DefaultRetainUnadjudicatedHours, v => v.ToString(CultureInfo.InvariantCulture));
        var listen = Take<string?>(ConfigurationKeys.ConsoleListen, t => t, null, v => v);
        // A certificate named in the file is beside the file, wherever lfr runs from.
        var certificateBesideFile = file is not null && !Raw(ConfigurationKeys.ConsoleCertificate).Where.StartsWith("environment", StringComparison.Ordinal);
        var certificate = Take<string?>(ConfigurationKeys.ConsoleCertificate,
            t => certificateBesideFile && !Path.IsPathRooted(t) ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file!))!, t) : t, null, v => v);
        var passwordEnv = Take<string?>(ConfigurationKeys.ConsoleCertificatePasswordEnv, t => t, null, v => v);
        return new LfrConfiguration(new PublicationSettings(force, legal, contact, baseUrl), threshold, confirmed, unadjudicated, listen, certificate, passwordEnv, file, values);
    }

    // What a document prints: one line of readable text, not empty, not a page long.
    private static string Published(string text)
    {
        if (text.Length == 0) throw new LfrInputException("is empty");
        if (SafeText.HasControlCharacters(text)) throw new LfrInputException($"'{SafeText.Escape(text)}' holds a control character or line break; give one line of text");
        if (text.Length > 2000) throw new LfrInputException($"is {text.Length:N0} characters long; give at most 2,000");
        return text;
    }

    private static Func<string, string> OnlyThis(string supported, string what) => t => string.Equals(t, supported, StringComparison.OrdinalIgnoreCase)
        ? supported : throw new LfrInputException($"'{SafeText.Escape(t)}' is not supported: this version shows every time and counts every deadline in {supported} only ({what})");

    private static int Whole(string text, int min, int max, string unit) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new LfrInputException($"'{SafeText.Escape(text)}' is not valid: give a whole number of {unit} from {min} to {max:N0}");
}
