using System.Runtime.InteropServices;

namespace NvContract.Core.Discovery;

/// <summary>What statx(2) says about an open file: its type, mode bits, identity, size and age.</summary>
internal readonly record struct FileStatus(int Type, UnixFileMode Mode, ulong Device, ulong Inode, long Size, long ModifiedSeconds, uint ModifiedNanoseconds)
{
    public bool IsRegular => Type == Interop.Libc.S_IFREG;

    public bool IsDirectory => Type == Interop.Libc.S_IFDIR;

    public bool IsSymlink => Type == Interop.Libc.S_IFLNK;

    /// <summary>The file type in words, for messages.</summary>
    public string TypeName => Type switch
    {
        Interop.Libc.S_IFREG => "regular file",
        Interop.Libc.S_IFDIR => "directory",
        Interop.Libc.S_IFLNK => "symbolic link",
        Interop.Libc.S_IFIFO => "FIFO",
        Interop.Libc.S_IFCHR => "character device",
        Interop.Libc.S_IFBLK => "block device",
        Interop.Libc.S_IFSOCK => "socket",
        _ => $"file of type {Type >> 12}",
    };

    /// <summary>Stats an open descriptor itself (an O_PATH one too), never what a symlink points at.</summary>
    /// <returns>0 and the status, or the errno.</returns>
    public static int TryGet(int fd, out FileStatus status)
    {
        if (Interop.Libc.Statx(fd, string.Empty, Interop.Libc.AT_EMPTY_PATH | Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_BASIC_STATS, out var buffer) != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }

        status = new FileStatus(
            buffer.Mode & Interop.Libc.S_IFMT,
            (UnixFileMode)(buffer.Mode & 0xfff),
            ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor,
            buffer.Inode,
            (long)buffer.Size,
            buffer.ModifiedSeconds,
            buffer.ModifiedNanoseconds);
        return 0;
    }
}
