using LfrAudit.Core.Untrusted;

namespace LfrAudit.Core.Problems;

/// <summary>The values a person gives, by what they are — each front end names them its own way (a flag, a form field).</summary>
public enum InputField { FrameInterval, SamplingRate, Decision, EngagementOutcome, Operator, Officer, Device, Source, UserName, DetectionSize }

/// <summary>A value that is not valid for its field: which field, the value, and what is expected. The message names no flag.</summary>
public sealed class InvalidValueException(InputField field, string value, string expected)
    : LfrInputException($"{Describe(field)} '{SafeText.Escape(value)}' is not valid: {expected}")
{
    public InputField Field { get; } = field;
    public string Value { get; } = value;
    public string Expected { get; } = expected;

    public static string Describe(InputField f) => f switch
    {
        InputField.FrameInterval => "frame interval",
        InputField.SamplingRate => "sampling rate",
        InputField.Decision => "decision",
        InputField.EngagementOutcome => "engagement outcome",
        InputField.Operator => "operator",
        InputField.Officer => "officer",
        InputField.Device => "device",
        InputField.UserName => "user name",
        InputField.DetectionSize => "detection size",
        _ => "source",
    };
}
