using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// Files that hold secrets (a TLS private key, bearer tokens) must be readable by the daemon's
/// user alone, as ssh refuses a private key others can read: a key readable by a group or by
/// everyone has leaked already, and anyone holding it reads the API as the daemon's clients do.
/// </summary>
public static class PrivateFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Why <paramref name="path"/> may not hold a secret; null when its mode is private.</summary>
    /// <param name="flag">The flag that named the file, for the message.</param>
    public static string? Problem(string path, string flag)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{flag} {path}: {e.Message}";
        }

        return (mode & GroupOrOthers) == 0
            ? null
            : $"{flag} {path} is readable by users other than its owner (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); run chmod 600 {path}";
    }

    /// <summary>Throws a start-up error when <paramref name="path"/> may not hold a secret.</summary>
    public static void Check(string path, string flag)
    {
        if (Problem(path, flag) is { } problem)
        {
            throw new StartupException(problem);
        }
    }
}
