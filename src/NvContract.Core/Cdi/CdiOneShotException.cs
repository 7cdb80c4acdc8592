namespace NvContract.Core.Cdi;

/// <summary>A one-shot spec that cannot be written as asked; the message says why and, where there is one, the way out.</summary>
public sealed class CdiOneShotException(string message) : Exception(message);
