namespace NvContract.Core.Cdi;

/// <summary>
/// One spec file the daemon owns. It is written whole or not at all: into a temporary file in the
/// same folder (a name runtimes skip, as they read only <c>*.json</c> and <c>*.yaml</c>), flushed,
/// made mode 0644 and renamed over the old one. A spec whose bytes equal what the file already
/// holds is not written again, so runtimes that watch the folder see no change. The bytes are
/// compared whole (a spec is tens of kilobytes): exact, and no cryptographic library to load in
/// a one-shot process.
/// </summary>
public sealed class CdiSpecFile(string path)
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderMode = Mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // What this instance last wrote or found in the file, and the file's stamp then.
    private (byte[] Content, (DateTime, long) Stamp)? _known;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Writes <paramref name="content"/> unless the file already holds it.</summary>
    /// <returns>Whether the file was written.</returns>
    /// <exception cref="IOException">The folder or file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public bool Write(ReadOnlySpan<byte> content)
    {
        if (Holds(content))
        {
            return false;
        }

        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder, FolderMode);
        var temporary = System.IO.Path.Join(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Mode }))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            // The create mode went through the umask.
            File.SetUnixFileMode(temporary, Mode);
            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        _known = (content.ToArray(), Stamp());
        return true;
    }

    /// <summary>Deletes the file if it exists.</summary>
    /// <returns>Whether there was a file.</returns>
    public bool Delete()
    {
        _known = null;
        if (!File.Exists(Path))
        {
            return false;
        }

        File.Delete(Path);
        return true;
    }

    private bool Holds(ReadOnlySpan<byte> content)
    {
        var stamp = Stamp();
        if (stamp == default)
        {
            return false;
        }

        if (_known is { } known && known.Stamp == stamp)
        {
            return known.Content.AsSpan().SequenceEqual(content);
        }

        // Written by an earlier run, or changed by someone else: read it once.
        byte[] existing;
        try
        {
            existing = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        _known = (existing, stamp);
        return existing.AsSpan().SequenceEqual(content);
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }
}
