using LfrAudit.Core.Problems;

namespace LfrAudit.Application.Publishing;

/// <summary>
/// A document or site was not published because what the store holds is not what its audit log records (a record or
/// figure edited, a document changed or missing, the log itself not verifying). The message is one line; every
/// problem found is in <see cref="Problems"/>. Front ends answer it as a failed verification (lfr: exit 5).
/// </summary>
public sealed class PublicationRefusedException(string message, IReadOnlyList<string> problems) : LfrInputException(message)
{
    /// <summary>Every way the records disagree with the audit log, one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
