using LfrAudit.Core.Untrusted;

namespace LfrAudit.Core.Problems;

/// <summary>The values a person gives, by what they are — each front end names them its own way (a flag, a form field).</summary>
public enum InputField
{
    /// <summary>Search every n-th frame.</summary>
    FrameInterval,
    /// <summary>Frames a second to search.</summary>
    SamplingRate,
    /// <summary>An operator's decision on an alert (confirm, reject, unsure).</summary>
    Decision,
    /// <summary>What came of an engagement after a confirmed alert.</summary>
    EngagementOutcome,
    /// <summary>The operator a decision or assignment names.</summary>
    Operator,
    /// <summary>The officer a step is authorised by.</summary>
    Officer,
    /// <summary>The inference device (cpu, cuda).</summary>
    Device,
    /// <summary>A camera or recorded source.</summary>
    Source,
    /// <summary>A console user's name.</summary>
    UserName,
    /// <summary>The detector's input size.</summary>
    DetectionSize,
    /// <summary>The address the public site is served from.</summary>
    BaseUrl,
}

/// <summary>A value that is not valid for its field: which field, the value, and what is expected. The message names no flag.</summary>
public sealed class InvalidValueException(InputField field, string value, string expected)
    : LfrInputException($"{Describe(field)} '{SafeText.Escape(value)}' is not valid: {expected}")
{
    /// <summary>Which value was wrong.</summary>
    public InputField Field { get; } = field;
    /// <summary>The value as given (the message shows it escaped).</summary>
    public string Value { get; } = value;
    /// <summary>What a valid value looks like, in words.</summary>
    public string Expected { get; } = expected;

    /// <summary>The field in plain words, as a message names it.</summary>
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
        InputField.BaseUrl => "public site address",
        _ => "source",
    };
}
