using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace NvContract.Core.Volumes;

/// <summary>
/// Puts one driver file into a volume being built: a hard link as in v1
/// (docs/v1-compatibility.md §3.6), or, where the kernel refuses the link (EXDEV: another
/// filesystem; EPERM: protected_hardlinks without
/// CAP_FOWNER), a reflink or a plain copy that keeps the file mode. v1 had no fallback and
/// failed the whole Create (docs/v1-compatibility.md §7.1, §7.2). One instance serves one
/// build, so the fallback is logged once per build.
/// </summary>
internal sealed class FilePlacer(ILogger logger, Func<string, string, int>? link = null)
{
    private readonly Func<string, string, int> _link = link ?? LinkWithErrno;
    private bool _fallbackLogged;

    /// <summary>Whether any file of this build was copied instead of linked.</summary>
    public bool Copied { get; private set; }

    public void Place(string source, string destination)
    {
        var errno = _link(source, destination);
        if (errno == 0)
        {
            return;
        }

        if (errno is not (Interop.Libc.EXDEV or Interop.Libc.EPERM))
        {
            throw new IOException($"failed to link {source} {destination}: {Marshal.GetPInvokeErrorMessage(errno)}");
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
        Interop.Libc.Link(source, destination) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static void Copy(string source, string destination)
    {
        var mode = File.GetUnixFileMode(source);
        using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
        using (var to = new FileStream(destination, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
            // FICLONE shares the extents on btrfs/xfs; anywhere else it fails and we copy the bytes.
            var cloned = Interop.Libc.Ioctl(to.SafeFileHandle.DangerousGetHandle(), Interop.Libc.FICLONE, from.SafeFileHandle.DangerousGetHandle()) == 0;
            if (!cloned)
            {
                from.CopyTo(to);
            }
        }

        // The create mode went through the umask; restore the source's exact mode.
        File.SetUnixFileMode(destination, mode);
    }
}
