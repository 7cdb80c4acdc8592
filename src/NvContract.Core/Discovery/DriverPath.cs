namespace NvContract.Core.Discovery;

/// <summary>A driver file as listed, before it is opened.</summary>
/// <param name="Name">The ld.so.cache key (usually the SONAME, <c>libcuda.so.1</c>) or the binary's name.</param>
/// <param name="PathInRoot">The absolute path inside the driver root, symlinks not yet followed.</param>
public sealed record DriverPath(string Name, string PathInRoot);
