using LfrAudit.Core.Identifiers;
using LfrAudit.Recognition.Pipeline;

namespace LfrAudit.Governance.Alerts;

/// <summary>An alert as stored, with the id the store gave it.</summary>
public sealed record StoredAlert(AlertId Id, Alert Alert, DateTimeOffset RaisedAt);
