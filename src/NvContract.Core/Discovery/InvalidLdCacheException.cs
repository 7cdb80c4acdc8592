namespace NvContract.Core.Discovery;

/// <summary>The ld.so.cache file is truncated, has an unknown format or points outside itself.</summary>
public sealed class InvalidLdCacheException : Exception
{
    public const string DefaultMessage = "invalid ld.so.cache file";

    public InvalidLdCacheException()
        : base(DefaultMessage)
    {
    }

    public InvalidLdCacheException(string detail)
        : base($"{DefaultMessage}: {detail}")
    {
    }
}
