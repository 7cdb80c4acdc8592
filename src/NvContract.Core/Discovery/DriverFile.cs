using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// A regular file under the driver root, opened read-only. Everything done with it (reading its
/// ELF headers, linking or copying it into a volume) goes through this descriptor, so the file
/// cannot be swapped between the check and the use.
/// </summary>
public sealed class DriverFile : IDisposable
{
    private readonly FileStatus _status;

    internal DriverFile(SafeFileHandle handle, string hostPath, FileStatus status)
    {
        Handle = handle;
        HostPath = hostPath;
        _status = status;
    }

    /// <summary>The open descriptor (O_RDONLY, O_NONBLOCK, O_CLOEXEC).</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>Where the kernel says the file is, for messages and for its name in the volume.</summary>
    public string HostPath { get; }

    /// <summary>The real file's name: the last component after every symlink was followed.</summary>
    public string Name => Path.GetFileName(HostPath);

    /// <summary>The permission bits, setuid, setgid and sticky bits included.</summary>
    public UnixFileMode Mode => _status.Mode;

    /// <summary>Whether anybody may execute it.</summary>
    public bool IsExecutable => (Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Device and inode: one real file reached through several names has one identity.</summary>
    public (ulong Device, ulong Inode) Identity => (_status.Device, _status.Inode);

    /// <summary>The size when it was opened.</summary>
    public long Length => _status.Size;

    /// <summary>The magic link naming exactly this open file, for linkat(2) with AT_SYMLINK_FOLLOW.</summary>
    internal string DescriptorPath => "/proc/self/fd/" + Handle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);

    internal FileStatus Status => _status;

    public void Dispose() => Handle.Dispose();
}
