using LfrAudit.Core.Problems;
using LfrAudit.Core.Untrusted;
using LfrAudit.Governance.Deployments;

namespace LfrAudit.Cli.Output;

/// <summary>
/// How the command line says what went wrong: the domain names fields and remedies in its own words; here they
/// become the flags a person types.
/// </summary>
internal static class Phrasing
{
    public static string Of(LfrInputException ex) => ex switch
    {
        InvalidValueException v => $"{Flag(v.Field)} '{SafeText.Escape(v.Value)}' is not valid: {v.Expected}",
        DeploymentRuleException { NeedsUrgentOverride: true } d => $"{d.Message}: give --urgent-override \"reason\" --by NAME",
        Application.Audit.KeyAlreadyExistsException k => $"{k.Message} (--force)",
        StoreClockBehindException s => s.Message.Replace("use a clock at ", "run with --now ", StringComparison.Ordinal).Replace(" or another store", " or use another store", StringComparison.Ordinal),
        _ when ex.Message.StartsWith("the cuda device:", StringComparison.Ordinal) => "--device cuda:" + ex.Message["the cuda device:".Length..].Replace("run on the cpu device", "use --device cpu", StringComparison.Ordinal),
        _ => ex.Message,
    };

    public static string Flag(InputField field) => field switch
    {
        InputField.FrameInterval => "--every",
        InputField.SamplingRate => "--fps",
        InputField.Decision => "--decision",
        InputField.EngagementOutcome => "--outcome",
        InputField.Operator or InputField.Officer => "--by",
        InputField.Device => "--device",
        InputField.DetectionSize => "--detect-size",
        InputField.UserName => "user name",
        InputField.BaseUrl => "--base-url",
        _ => "--source",
    };
}
