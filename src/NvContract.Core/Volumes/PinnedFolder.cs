using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Volumes;

/// <summary>
/// A folder opened with <c>O_DIRECTORY|O_NOFOLLOW</c>: the open itself refuses a symlink or a file,
/// so checking and using the folder are one step. Work inside goes through
/// <c>/proc/self/fd/&lt;n&gt;/…</c>, which names the opened folder even if its path is replaced by a
/// symlink afterwards.
/// </summary>
internal sealed class PinnedFolder : IDisposable
{
    private readonly SafeFileHandle _handle;

    private PinnedFolder(SafeFileHandle handle)
    {
        _handle = handle;
        Path = "/proc/self/fd/" + handle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A path that reaches the opened folder itself, whatever happens to its name.</summary>
    public string Path { get; }

    /// <summary>Opens the folder at <paramref name="path"/>; null when nothing is there.</summary>
    /// <exception cref="UnusableVolumeFolderException">A symlink or a file is there.</exception>
    /// <exception cref="IOException">The folder cannot be opened for another reason.</exception>
    public static PinnedFolder? Open(string path)
    {
        var fd = Interop.Libc.OpenAt(Interop.Libc.AT_FDCWD, path, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY | Interop.Libc.O_NOFOLLOW | Interop.Libc.O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return new PinnedFolder(new SafeFileHandle(fd, ownsHandle: true));
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Interop.Libc.ENOENT)
        {
            return null;
        }

        // A symlink gives ENOTDIR (ELOOP without O_DIRECTORY), and so does a file; say which it is.
        // The same errors from a component above the folder are reported as they are.
        var kind = errno is Interop.Libc.ENOTDIR or Interop.Libc.ELOOP ? VolumeFolder.Inspect(path) : EntryKind.Missing;
        throw kind is EntryKind.Symlink or EntryKind.Other
            ? VolumeFolder.Unusable(path, kind)
            : new IOException($"failed to open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>The path of an entry inside the opened folder.</summary>
    public string Entry(string name) => System.IO.Path.Join(Path, name);

    public void Dispose() => _handle.Dispose();
}
