namespace LfrAudit.Recognition.Tracking;

/// <summary>One face followed across a camera's frames; numbered from 1 within a run.</summary>
public readonly record struct TrackId(long Value)
{
    /// <summary>"t" and the number, as reports show a track.</summary>
    public override string ToString() => $"t{Value}";
}
