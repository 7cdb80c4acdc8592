namespace NvContract.Core.Discovery;

/// <summary>
/// The driver files of one build: the paths the root's ld.so.cache and PATH list, in discovery
/// order, and the open root to open them through. Paths are not resolved yet; opening each one
/// (<see cref="ConfinedRoot.Open"/>) resolves it, and one real file reached by several paths has
/// one <see cref="DriverFile.Identity"/>.
/// </summary>
public sealed class DriverFiles(ConfinedRoot root, IReadOnlyList<DriverPath> binaries, IReadOnlyList<DriverPath> libraries32, IReadOnlyList<DriverPath> libraries64)
    : IDisposable
{
    /// <summary>The driver root, open for this build only.</summary>
    public ConfinedRoot Root { get; } = root;

    /// <summary>One executable per binary name found through PATH (→ <c>bin/</c>).</summary>
    public IReadOnlyList<DriverPath> Binaries { get; } = binaries;

    /// <summary>32-bit libraries (→ <c>lib/</c>).</summary>
    public IReadOnlyList<DriverPath> Libraries32 { get; } = libraries32;

    /// <summary>64-bit libraries (→ <c>lib64/</c>).</summary>
    public IReadOnlyList<DriverPath> Libraries64 { get; } = libraries64;

    public void Dispose() => Root.Dispose();
}
