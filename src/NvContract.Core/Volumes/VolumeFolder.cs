namespace NvContract.Core.Volumes;

/// <summary>File-system helpers that never follow a symlink out of the folder they work on.</summary>
internal static class VolumeFolder
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates a missing folder with mode 0755 exactly (not reduced by the umask); an existing
    /// folder, such as an administrator's <c>-d</c>, keeps its mode.
    /// </summary>
    public static void Create(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>What is at the path, like lstat: a symlink is reported as one, never followed.</summary>
    public static EntryKind Inspect(string path)
    {
        // One lstat (plus a stat of the target for a symlink); -1 when nothing is there.
        var attributes = new FileInfo(path).Attributes;
        return (int)attributes == -1 ? EntryKind.Missing
            : attributes.HasFlag(FileAttributes.ReparsePoint) ? EntryKind.Symlink
            : attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Folder
            : EntryKind.Other;
    }

    /// <summary>The error for an entry that is not a real folder where one belongs.</summary>
    public static UnusableVolumeFolderException Unusable(string path, EntryKind kind) =>
        new(path, kind == EntryKind.Symlink ? UnusableVolumeFolderException.Symlink : UnusableVolumeFolderException.NotAFolder);

    /// <summary>Whether anything (even a dangling symlink) exists at the path, like lstat.</summary>
    public static bool EntryExists(string path)
    {
        var info = new FileInfo(path);
        return info.Exists || info.LinkTarget is not null || Directory.Exists(path);
    }

    /// <summary>
    /// Deletes a folder tree with lstat semantics: symlinks are unlinked, never followed. A symlink
    /// at <paramref name="path"/> itself is unlinked too. A missing path is not an error.
    /// </summary>
    public static void DeleteTree(string path)
    {
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null || File.Exists(path))
        {
            File.Delete(path);
            return;
        }

        if (!info.Exists)
        {
            return;
        }

        foreach (var entry in info.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null && entry is DirectoryInfo)
            {
                DeleteTree(entry.FullName);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }

        Directory.Delete(path);
    }
}
