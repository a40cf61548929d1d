namespace LfrAudit.Core.Problems;

/// <summary>
/// A problem with what the user gave us (a file, a value, a model). The message is one line, names the
/// file or value and says what is wrong; the CLI prints it without a stack trace.
/// </summary>
public class LfrInputException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A model file that is missing, truncated, a Git LFS pointer or not the expected file.</summary>
public sealed class ModelFileException(string message, Exception? inner = null) : LfrInputException(message, inner);
