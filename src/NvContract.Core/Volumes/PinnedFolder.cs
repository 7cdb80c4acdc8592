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
internal sealed partial class PinnedFolder : IDisposable
{
    // Linux errno values, the same on every architecture.
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int ELOOP = 40;

    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    private readonly SafeFileHandle _handle;

    private PinnedFolder(SafeFileHandle handle)
    {
        _handle = handle;
        Path = "/proc/self/fd/" + handle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A path that reaches the opened folder itself, whatever happens to its name.</summary>
    public string Path { get; }

    // arm, arm64 and powerpc number these flags differently from asm-generic and x86.
    private static bool ArmLikeFlags => RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le;

    private static int O_DIRECTORY => ArmLikeFlags ? 0x4000 : 0x10000;

    private static int O_NOFOLLOW => ArmLikeFlags ? 0x8000 : 0x20000;

    /// <summary>Opens the folder at <paramref name="path"/>; null when nothing is there.</summary>
    /// <exception cref="UnusableVolumeFolderException">A symlink or a file is there.</exception>
    /// <exception cref="IOException">The folder cannot be opened for another reason.</exception>
    public static PinnedFolder? Open(string path)
    {
        var fd = OpenNative(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
        {
            return new PinnedFolder(new SafeFileHandle(fd, ownsHandle: true));
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT)
        {
            return null;
        }

        // A symlink gives ENOTDIR (ELOOP without O_DIRECTORY), and so does a file; say which it is.
        // The same errors from a component above the folder are reported as they are.
        var kind = errno is ENOTDIR or ELOOP ? VolumeFolder.Inspect(path) : EntryKind.Missing;
        throw kind is EntryKind.Symlink or EntryKind.Other
            ? VolumeFolder.Unusable(path, kind)
            : new IOException($"failed to open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>The path of an entry inside the opened folder.</summary>
    public string Entry(string name) => System.IO.Path.Join(Path, name);

    public void Dispose() => _handle.Dispose();

    /// <summary>open(2); returns a new descriptor, or -1 and sets errno.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);
}
