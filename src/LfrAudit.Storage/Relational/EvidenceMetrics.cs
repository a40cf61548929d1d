using System.Diagnostics.Metrics;

namespace LfrAudit.Storage.Relational;

/// <summary>
/// What the store measures of its sealed evidence, for operators' dashboards and for tests that must show evidence is
/// opened only when shown: each alert whose crop and embedding were decrypted, tagged with the store it came from.
/// </summary>
public static class EvidenceMetrics
{
    /// <summary>The meter's name, to listen to it.</summary>
    public const string MeterName = "LfrAudit.Storage";

    /// <summary>The counter's name: alerts whose evidence was opened.</summary>
    public const string OpenedName = "lfr.evidence.opened";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Opened = Meter.CreateCounter<long>(OpenedName, unit: "{alert}", description: "Alerts whose sealed evidence was decrypted");
}
