namespace NvContract.Core.Discovery;

/// <summary>A driver file candidate is not an ELF object this reader understands or accepts.</summary>
public sealed class InvalidElfException(string path, string reason) : UnusableFileException(path, reason);
