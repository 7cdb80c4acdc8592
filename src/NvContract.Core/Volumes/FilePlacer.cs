using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;

namespace NvContract.Core.Volumes;

/// <summary>
/// Puts one open driver file into a volume being built: a hard link as in v1
/// (docs/v1-compatibility.md §3.6), made from the
/// descriptor (linkat of its /proc/self/fd link, which names exactly the inode that was opened
/// and checked, and needs no privilege beyond link(2)'s), or, where the kernel refuses the link
/// (EXDEV: another filesystem; EPERM: protected_hardlinks without CAP_FOWNER), a reflink or a
/// plain copy read from the same descriptor. Copies get the permission bits only (mode &amp;
/// 0777): setuid, setgid and sticky bits are dropped. v1 had no fallback and failed the whole
/// Create (docs/v1-compatibility.md §7.1, §7.2). One instance serves one build, so the fallback is logged once
/// per build.
/// </summary>
/// <param name="link">Makes the hard link (source, destination) and returns 0 or an errno; tests replace it.</param>
internal sealed class FilePlacer(ILogger logger, BuildDeadline deadline, Func<string, string, int>? link = null)
{
    private const int CopyChunkBytes = 1 << 20;
    private const UnixFileMode Permissions = (UnixFileMode)0x1ff;
    private readonly Func<string, string, int> _link = link ?? LinkWithErrno;
    private bool _fallbackLogged;

    /// <summary>Whether any file of this build was copied instead of linked.</summary>
    public bool Copied { get; private set; }

    public void Place(DriverFile source, string destination)
    {
        var errno = _link(source.DescriptorPath, destination);
        if (errno == 0)
        {
            return;
        }

        if (errno is not (Interop.Libc.EXDEV or Interop.Libc.EPERM))
        {
            throw new IOException($"failed to link {source.HostPath} {destination}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        if (!_fallbackLogged)
        {
            _fallbackLogged = true;
            logger.LogWarning("Cannot hard-link driver files ({Reason}), copying them instead", Marshal.GetPInvokeErrorMessage(errno));
        }

        Copy(source, destination);
        Copied = true;
    }

    private static int LinkWithErrno(string source, string destination) =>
        Interop.Libc.LinkAt(Interop.Libc.AT_FDCWD, source, Interop.Libc.AT_FDCWD, destination, Interop.Libc.AT_SYMLINK_FOLLOW) == 0
            ? 0
            : Marshal.GetLastPInvokeError();

    private void Copy(DriverFile source, string destination)
    {
        // Created owner-only, filled, then given its mode: the copy is never more open than that.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 0,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var to = new FileStream(destination, options);

        // FICLONE shares the extents on btrfs/xfs; anywhere else it fails and we copy the bytes.
        var cloned = Interop.Libc.Ioctl(to.SafeFileHandle.DangerousGetHandle(), Interop.Libc.FICLONE, source.Handle.DangerousGetHandle()) == 0;
        if (!cloned)
        {
            var buffer = new byte[CopyChunkBytes];
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(source.Handle, buffer, offset)) > 0)
            {
                to.Write(buffer, 0, read);
                offset += read;
                deadline.ThrowIfPassed();
            }
        }

        File.SetUnixFileMode(to.SafeFileHandle, source.Mode & Permissions);
    }
}
