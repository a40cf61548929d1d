namespace LfrAudit.Cli.Output;

/// <summary>What lfr's exit code means, so scripts can tell a bad input from a broken model from a bug.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int BadInput = 3;
    public const int ModelProblem = 4;
    /// <summary>The command ran but refused part of its input (e.g. watchlist entries rejected with --strict).</summary>
    public const int Rejected = 5;
    /// <summary>The store cannot be used now: locked by another process, read-only, or holding records dated after this command's clock.</summary>
    public const int StoreUnavailable = 6;
    public const int Cancelled = 130;
}
