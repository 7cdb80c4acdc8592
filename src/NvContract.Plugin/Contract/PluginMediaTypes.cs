namespace NvContract.Plugin.Contract;

/// <summary>Media types of Docker's plugin protocol (docs/v1-compatibility.md §2.1).</summary>
public static class PluginMediaTypes
{
    /// <summary>The Content-Type of every successful reply.</summary>
    public const string Reply = "application/vnd.docker.plugins.v1+json";

    /// <summary>The Accept values a request may carry; compared exactly, as v1 did.</summary>
    public static IReadOnlyList<string> Accepted { get; } =
    [
        "application/vnd.docker.plugins.v1.1+json",
        "application/vnd.docker.plugins.v1.2+json",
    ];
}
