namespace NvContract.Daemon.Security;

/// <summary>
/// What tells that a file was replaced or rewritten: its modification time and size, read
/// through a symbolic link (a Kubernetes secret volume swaps a link to a new folder). Reading it
/// is one <c>stat</c>, cheap enough to do on every handshake or request, so a rotated key or
/// token file takes effect on the next connection without a restart or a file watcher.
/// </summary>
public readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
{
    /// <summary>The file's stamp now; <c>default</c> when it cannot be read (missing, no permission).</summary>
    public static FileStamp Of(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            var info = new FileInfo(target);
            return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}
