namespace NvContract.Core.Cdi;

/// <summary>An OCI hook the runtime runs for the container.</summary>
/// <param name="HookName">When it runs, e.g. <c>createContainer</c>.</param>
/// <param name="Path">The executable, an absolute path on the host.</param>
/// <param name="Args">Its argv, <c>argv[0]</c> included.</param>
public sealed record CdiHook(string HookName, string Path, IReadOnlyList<string> Args);
