using LfrAudit.Core.Domain;

namespace LfrAudit.Core.Ports;

public interface IAlertStore
{
    IReadOnlyList<StoredAlert> List(RunId? run = null);
}
