namespace NvContract.Daemon.Logging;

/// <summary>Where stderr goes: a terminal or file (v1's line format) or the systemd journal.</summary>
public static class LogDestination
{
    /// <summary>True when stderr is the journal stream systemd announced in <c>JOURNAL_STREAM</c>.</summary>
    public static bool IsJournal() =>
        IsJournal(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), ReadStderrTarget());

    /// <summary>
    /// systemd sets <c>JOURNAL_STREAM=&lt;device&gt;:&lt;inode&gt;</c> for a service whose stderr is
    /// connected to journald. The variable is inherited by children whose stderr goes elsewhere (a
    /// shell started from a service), so it only counts when stderr is that very socket: the link
    /// <c>/proc/self/fd/2</c> reads <c>socket:[&lt;inode&gt;]</c>.
    /// </summary>
    public static bool IsJournal(string? journalStream, string? stderrTarget)
    {
        if (string.IsNullOrEmpty(journalStream) || stderrTarget is null)
        {
            return false;
        }

        var colon = journalStream.IndexOf(':');
        var inode = colon < 0 ? "" : journalStream[(colon + 1)..];
        return inode.Length > 0 && inode.All(char.IsAsciiDigit) && stderrTarget == $"socket:[{inode}]";
    }

    private static string? ReadStderrTarget()
    {
        try
        {
            return new FileInfo("/proc/self/fd/2").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
