namespace NvContract.Core.Discovery;

/// <summary>A driver file candidate is not an ELF object this reader understands.</summary>
public sealed class InvalidElfException : Exception
{
    public InvalidElfException(string path, string reason)
        : base($"not an ELF file: {path}: {reason}")
    {
    }
}
