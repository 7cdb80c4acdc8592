namespace NvContract.Core.Volumes;

/// <summary>What <see cref="VolumeFolder.Inspect"/> found at a path, without following a symlink.</summary>
internal enum EntryKind
{
    Missing,
    Folder,
    Symlink,

    /// <summary>A file, socket, device or pipe.</summary>
    Other,
}
