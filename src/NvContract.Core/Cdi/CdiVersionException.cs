namespace NvContract.Core.Cdi;

/// <summary>The spec needs a newer <c>cdiVersion</c> than the one pinned with <c>--cdi-version</c>.</summary>
public sealed class CdiVersionException(string message) : Exception(message);
