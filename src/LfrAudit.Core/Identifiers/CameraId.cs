namespace LfrAudit.Core.Identifiers;

/// <summary>The camera (or recorded source) a frame came from, as named in the deployment.</summary>
public readonly record struct CameraId(string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value;
}
