namespace NvContract.Plugin.Contract;

/// <summary>A request the daemon cannot decode; answered like any internal failure (HTTP 500), as in v1.</summary>
public sealed class PluginRequestException(string message) : Exception(message);
