namespace NvContract.Core.Cdi;

/// <summary>
/// How a runtime starts this program as a hook: the real path of the executable (it must exist on
/// the host, or the runtime fails every container with exit 127) and the leading arguments,
/// <c>argv[0]</c> first, before the hook's own (<c>cdi-hook update-ldcache …</c>).
/// </summary>
/// <param name="Path">An absolute host path.</param>
/// <param name="Args"><c>argv[0]</c> and, for a managed build run by <c>dotnet</c>, the program's assembly.</param>
public sealed record CdiHookCommand(string Path, IReadOnlyList<string> Args);
