namespace LfrAudit.Cli.Configuration;

/// <summary>
/// One setting of lfr.yaml: its dotted path in the file, the environment variable that overrides it (LFR_ and the path in
/// capitals, dots as underscores: force.name is LFR_FORCE_NAME), what it means and an example value.
/// </summary>
internal sealed record ConfigurationKey(string Path, string Description, string Example)
{
    public string EnvironmentVariable => "LFR_" + Path.Replace('.', '_').ToUpperInvariant();

    /// <summary>The section it sits in ("force" for force.name).</summary>
    public string Section => Path[..Path.IndexOf('.', StringComparison.Ordinal)];
}

/// <summary>Every key lfr.yaml understands: the one list the reader, `lfr config show` and docs/configuration.md agree on.</summary>
internal static class ConfigurationKeys
{
    public static readonly ConfigurationKey ForceName = new("force.name", "The force's name, as every notice, outcome report and the public site name it", "Example Police Service");
    public static readonly ConfigurationKey LegalBasis = new("force.legal_basis", "The legal basis each notice states", "Common law policing powers ... (the default names the Acts)");
    public static readonly ConfigurationKey Contact = new("force.contact", "Whom the public can write to, on every notice", "lfr-enquiries@example.police.uk");
    public static readonly ConfigurationKey BaseUrl = new("public_site.base_url", "The address the public site is served from: feeds and the results table link under it ('lfr publish site --base-url' overrides)", "https://www.example.police.uk/lfr/");
    public static readonly ConfigurationKey TimeZone = new("public_site.time_zone", "The time zone documents and the command line show times in (this version: Europe/London only)", "Europe/London");
    public static readonly ConfigurationKey Calendar = new("public_site.calendar", "The working-day calendar outcome reports' deadlines are counted in (this version: england-and-wales only)", "england-and-wales");
    public static readonly ConfigurationKey Threshold = new("defaults.threshold", "The similarity threshold a deployment is planned with when 'deployment plan' gives none (else the model's calibrated one)", "0.6");
    public static readonly ConfigurationKey RetainConfirmedDays = new("defaults.retain_confirmed_days", "Days a confirmed match's evidence is kept ('deployment plan --retain-confirmed-days' overrides; 0 to 3650)", "31");
    public static readonly ConfigurationKey RetainUnadjudicatedHours = new("defaults.retain_unadjudicated_hours", "Hours after a deployment ends that an undecided alert's evidence is kept (0 to 87600)", "24");
    public static readonly ConfigurationKey ConsoleListen = new("console.listen", "The address the operators' console listens on ('console --listen' overrides)", "http://127.0.0.1:8080");
    public static readonly ConfigurationKey ConsoleCertificate = new("console.certificate", "A .pfx certificate for HTTPS, relative to the configuration file's folder ('--certificate' overrides)", "console.pfx");
    public static readonly ConfigurationKey ConsoleCertificatePasswordEnv = new("console.certificate_password_env", "The environment variable holding the certificate's password", "LFR_CONSOLE_PFX_PASSWORD");

    public static readonly IReadOnlyList<ConfigurationKey> All =
        [ForceName, LegalBasis, Contact, BaseUrl, TimeZone, Calendar, Threshold, RetainConfirmedDays, RetainUnadjudicatedHours, ConsoleListen, ConsoleCertificate, ConsoleCertificatePasswordEnv];
}
