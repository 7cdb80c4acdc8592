namespace NvContract.Core.Discovery;

/// <summary>The driver root has no <c>etc/ld.so.cache</c>, so no library can be found.</summary>
public sealed class LdCacheNotFoundException(string path)
    : Exception($"no ld.so.cache in the driver root: {path} not found");
