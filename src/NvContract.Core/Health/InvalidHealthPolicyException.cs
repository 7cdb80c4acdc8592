namespace NvContract.Core.Health;

/// <summary>A health policy file that does not parse; the message names the file and line.</summary>
public sealed class InvalidHealthPolicyException(string message) : Exception(message);
