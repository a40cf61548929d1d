using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Audit.Vocabulary.Rules;

namespace LfrAudit.Governance.Audit.Vocabulary;

/// <summary>A log's entries read with the vocabulary, and whatever they say that does not hold together.</summary>
/// <param name="Problems">
/// At most <see cref="LogContents.MaxProblems"/> problems, each naming its entry and type.
/// </param>
/// <param name="FirstBadEntry">The first entry with a problem; null when there is none.</param>
public sealed record LogReading(IReadOnlyList<ReadEntry> Entries, IReadOnlyList<string> Problems, long? FirstBadEntry)
{
    /// <summary>Every entry read and held to the rules: nothing the log says is impossible.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The second half of verifying a log: after its chain, signatures and heads hold (<see cref="LogVerifier"/>), every entry
/// is read as its type's event and held to the rules a genuine log always keeps (<see cref="LogRules"/>): values from
/// the product's vocabularies, times where the product puts them, actors registered with the right role, deployments
/// and runs stepping through their lives in order, alerts raised, decided and purged as the product does, and the facts
/// an entry derives recomputed. So a log that is signed but says something impossible fails with the entry named,
/// rather than misleading a report. An entry of a type this version does not know is not a failure: the report shows it.
/// </summary>
public static class LogContents
{
    /// <summary>At most this many problems are listed (the first bad entry is always among them): enough to act on, never a flood.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// Reads every entry with the vocabulary and checks each against the rules and the log before it, in order; never
    /// throws, whatever the entries hold.
    /// </summary>
    public static LogReading Read(IReadOnlyList<AuditEntry> entries)
    {
        var read = new List<ReadEntry>(entries.Count);
        var problems = new List<string>();
        long? first = null;
        var soFar = new LogSoFar();
        foreach (var entry in entries)
        {
            void Bad(string problem)
            {
                first ??= entry.Seq;
                if (problems.Count < MaxProblems) problems.Add($"entry {entry.Seq} ({SafeText.Escape(entry.Type)}): {problem}");
            }

            var r = AuditVocabulary.Read(entry);
            read.Add(r);
            if (r.IsUnknownType) continue;
            foreach (var p in r.Problems) Bad(p);
            if (r.Event is not { } e) continue;
            foreach (var rule in LogRules.All) rule.Check(entry, e, soFar, Bad);
            soFar.Apply(entry, e);
        }
        return new LogReading(read, problems, first);
    }
}
