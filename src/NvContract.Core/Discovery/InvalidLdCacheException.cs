namespace NvContract.Core.Discovery;

/// <summary>The ld.so.cache file is truncated, has an unknown format or points outside itself.</summary>
public sealed class InvalidLdCacheException : Exception
{
    public InvalidLdCacheException(string detail)
        : base($"invalid ld.so.cache file: {detail}")
    {
    }
}
