namespace NvContract.Core.Simulation;

/// <summary>A simulation profile that cannot be used; the message says which and why.</summary>
public sealed class InvalidProfileException(string message, Exception? inner = null) : Exception(message, inner);
