namespace NvContract.Core.Discovery;

/// <summary>A driver file exists but cannot go into a volume (not a regular file, unreadable, a hostile ELF).</summary>
public class UnusableFileException : Exception
{
    public UnusableFileException(string path, string reason)
        : base($"{path}: {reason}")
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The host path of the file, as far as it was resolved.</summary>
    public string Path { get; }

    /// <summary>Why it cannot be used, e.g. <c>not a regular file (FIFO)</c>.</summary>
    public string Reason { get; }
}
