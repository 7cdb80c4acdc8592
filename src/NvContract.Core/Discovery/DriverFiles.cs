namespace NvContract.Core.Discovery;

/// <summary>Host paths of the real (symlink-free) driver files, de-duplicated, in discovery order.</summary>
public sealed record DriverFiles(IReadOnlyList<string> Binaries, IReadOnlyList<string> Libraries32, IReadOnlyList<string> Libraries64);
