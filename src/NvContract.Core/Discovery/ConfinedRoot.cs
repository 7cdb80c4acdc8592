using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// A driver root opened as a directory descriptor; files under it are opened the way a process
/// chrooted into it would see them: absolute symlink targets and <c>..</c> never leave it. The
/// kernel does the resolution (openat2 with RESOLVE_IN_ROOT, Linux 5.6+); on older kernels a
/// walk of openat calls with O_NOFOLLOW does the same one component at a time. Nothing is ever
/// looked up again by path, so swapping a folder for a symlink after the lookup changes nothing.
/// </summary>
public sealed class ConfinedRoot : IDisposable
{
    // Linux's own limit on symlinks followed while resolving one path (MAXSYMLINKS).
    private const int MaxLinks = 40;
    private const int MaxLinkBytes = 4096;
    private const int RaceRetries = 3;
    private const string ProcDescriptors = "/proc/self/fd";

    // Set once the kernel (or a seccomp filter) refused openat2, so later lookups walk directly.
    private static volatile bool s_noOpenat2;

    private readonly SafeFileHandle _root;

    // /proc/self/fd, opened once per root: each file's kernel name and its re-open are then one
    // lookup of the descriptor's number instead of a walk of /proc/self/fd/N from /.
    private readonly SafeFileHandle _descriptors;
    private readonly bool _walk;

    private ConfinedRoot(SafeFileHandle root, SafeFileHandle descriptors, string hostPath, bool walk)
    {
        _root = root;
        _descriptors = descriptors;
        HostPath = hostPath;
        _walk = walk;
    }

    /// <summary>The root's real path on the host.</summary>
    public string HostPath { get; }

    /// <summary>Opens the folder at <paramref name="path"/> (symlinks in the path itself are followed).</summary>
    /// <param name="walk">Resolve with the openat walk even where openat2 exists (what older kernels get).</param>
    /// <exception cref="IOException">The folder cannot be opened, or /proc is missing.</exception>
    public static ConfinedRoot Open(string path, bool walk = false)
    {
        // Files are re-opened and linked through /proc/self/fd, the only way to do either by descriptor without extra privileges.
        var descriptors = Interop.Libc.OpenAt(Interop.Libc.AT_FDCWD, ProcDescriptors, Interop.Libc.O_PATH | Interop.Libc.O_DIRECTORY | Interop.Libc.O_CLOEXEC, 0);
        if (descriptors < 0)
        {
            throw new IOException($"failed to open driver root {path}: /proc is not mounted");
        }

        var descriptorsHandle = new SafeFileHandle(descriptors, ownsHandle: true);
        var fd = Interop.Libc.OpenAt(Interop.Libc.AT_FDCWD, path, Interop.Libc.O_PATH | Interop.Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            descriptorsHandle.Dispose();
            throw new IOException($"failed to open driver root {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FileStatus.TryGet(fd, out var status) != 0 || !status.IsDirectory)
        {
            handle.Dispose();
            descriptorsHandle.Dispose();
            throw new IOException($"failed to open driver root {path}: not a directory");
        }

        return new ConfinedRoot(handle, descriptorsHandle, KernelPath(descriptors, fd) ?? Path.GetFullPath(path), walk);
    }

    /// <summary>Joins a path inside the root onto the root's host path, without resolving anything (for messages).</summary>
    public string Join(string pathInRoot)
    {
        var trimmed = pathInRoot.TrimStart('/');
        return HostPath == "/" ? "/" + trimmed : Path.Join(HostPath, trimmed);
    }

    /// <summary>
    /// Opens the regular file at <paramref name="pathInRoot"/> (absolute, as seen inside the root),
    /// following symlinks without leaving the root. A FIFO, device or socket is never opened for
    /// reading (so it cannot block or trigger a driver), only looked at.
    /// </summary>
    /// <returns>The open file, or null when the path does not exist (or its links loop).</returns>
    /// <exception cref="UnusableFileException">It exists but is not a regular file, or cannot be opened.</exception>
    public DriverFile? Open(string pathInRoot)
    {
        var (located, errno) = Locate(pathInRoot);
        if (errno is Interop.Libc.ENOENT or Interop.Libc.ENOTDIR or Interop.Libc.ELOOP)
        {
            return null;
        }

        if (located is null)
        {
            throw new UnusableFileException(Join(pathInRoot), $"cannot be opened ({Marshal.GetPInvokeErrorMessage(errno)})");
        }

        using (located)
        {
            var fd = Descriptor(located);
            var hostPath = KernelPath(Descriptor(_descriptors), fd) ?? Join(pathInRoot);
            var statusErrno = FileStatus.TryGet(fd, out var status);
            if (statusErrno != 0)
            {
                throw new UnusableFileException(hostPath, $"cannot be examined ({Marshal.GetPInvokeErrorMessage(statusErrno)})");
            }

            if (!status.IsRegular)
            {
                throw new UnusableFileException(hostPath, $"not a regular file ({status.TypeName})");
            }

            // Re-open the very inode that was checked, now for reading; O_NONBLOCK as a second guard.
            var readable = Interop.Libc.OpenAt(
                Descriptor(_descriptors),
                DescriptorName(fd),
                Interop.Libc.O_RDONLY | Interop.Libc.O_NONBLOCK | Interop.Libc.O_NOCTTY | Interop.Libc.O_CLOEXEC,
                0);
            if (readable < 0)
            {
                throw new UnusableFileException(hostPath, $"cannot be opened ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})");
            }

            return new DriverFile(new SafeFileHandle(readable, ownsHandle: true), hostPath, status);
        }
    }

    /// <summary>
    /// The real host path of the folder at <paramref name="pathInRoot"/>, resolved as
    /// <see cref="Open(string)"/> resolves files; null when no folder is there.
    /// </summary>
    public string? FolderHostPath(string pathInRoot)
    {
        var (located, _) = Locate(pathInRoot);
        if (located is null)
        {
            return null;
        }

        using (located)
        {
            var fd = Descriptor(located);
            return FileStatus.TryGet(fd, out var status) == 0 && status.IsDirectory ? KernelPath(Descriptor(_descriptors), fd) : null;
        }
    }

    public void Dispose()
    {
        _root.Dispose();
        _descriptors.Dispose();
    }

    /// <summary>An O_PATH descriptor of what the path names, or the errno.</summary>
    private (SafeFileHandle? Handle, int Errno) Locate(string pathInRoot)
    {
        if (_walk || s_noOpenat2)
        {
            return Walk(pathInRoot);
        }

        for (var attempt = 0; ; attempt++)
        {
            var fd = Interop.Libc.OpenAt2(
                Descriptor(_root), pathInRoot, Interop.Libc.O_PATH | Interop.Libc.O_CLOEXEC, Interop.Libc.RESOLVE_IN_ROOT | Interop.Libc.RESOLVE_NO_MAGICLINKS);
            if (fd >= 0)
            {
                return (new SafeFileHandle(fd, ownsHandle: true), 0);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno is Interop.Libc.ENOSYS or Interop.Libc.EPERM)
            {
                // Before Linux 5.6 (ENOSYS), or a seccomp profile that does not know openat2 (EPERM).
                s_noOpenat2 = true;
                return Walk(pathInRoot);
            }

            // EAGAIN: the kernel saw a rename race on ".."; look again a few times.
            if (errno != Interop.Libc.EAGAIN || attempt == RaceRetries)
            {
                return (null, errno);
            }
        }
    }

    /// <summary>
    /// Resolves one component at a time with openat(O_PATH | O_NOFOLLOW), reading symlinks
    /// itself: an absolute target restarts at the root, <c>..</c> goes back to the folder it came
    /// from and never above the root.
    /// </summary>
    private (SafeFileHandle? Handle, int Errno) Walk(string pathInRoot)
    {
        var folders = new List<SafeFileHandle>();
        var pending = new Stack<string>(Split(pathInRoot).Reverse());
        var links = 0;
        try
        {
            while (pending.TryPop(out var part))
            {
                if (part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    PopFolder(folders);
                    continue;
                }

                var parent = folders.Count > 0 ? folders[^1] : _root;
                var fd = Interop.Libc.OpenAt(Descriptor(parent), part, Interop.Libc.O_PATH | Interop.Libc.O_NOFOLLOW | Interop.Libc.O_CLOEXEC, 0);
                if (fd < 0)
                {
                    return (null, Marshal.GetLastPInvokeError());
                }

                var handle = new SafeFileHandle(fd, ownsHandle: true);
                var errno = FileStatus.TryGet(fd, out var status);
                if (errno != 0)
                {
                    handle.Dispose();
                    return (null, errno);
                }

                if (status.IsSymlink)
                {
                    var target = ReadLink(handle);
                    handle.Dispose();
                    if (++links > MaxLinks || target is null)
                    {
                        return (null, Interop.Libc.ELOOP);
                    }

                    if (target.StartsWith('/'))
                    {
                        while (folders.Count > 0)
                        {
                            PopFolder(folders);
                        }
                    }

                    foreach (var piece in Split(target).Reverse())
                    {
                        pending.Push(piece);
                    }

                    continue;
                }

                if (status.IsDirectory)
                {
                    folders.Add(handle);
                    continue;
                }

                if (pending.Count > 0)
                {
                    handle.Dispose();
                    return (null, Interop.Libc.ENOTDIR);
                }

                return (handle, 0);
            }

            // The path named a folder (or the root itself).
            if (folders.Count > 0)
            {
                var last = folders[^1];
                folders.RemoveAt(folders.Count - 1);
                return (last, 0);
            }

            var self = Interop.Libc.OpenAt(Descriptor(_root), ".", Interop.Libc.O_PATH | Interop.Libc.O_CLOEXEC, 0);
            return self < 0 ? (null, Marshal.GetLastPInvokeError()) : (new SafeFileHandle(self, ownsHandle: true), 0);
        }
        finally
        {
            foreach (var folder in folders)
            {
                folder.Dispose();
            }
        }
    }

    private static void PopFolder(List<SafeFileHandle> folders)
    {
        if (folders.Count > 0)
        {
            folders[^1].Dispose();
            folders.RemoveAt(folders.Count - 1);
        }
    }

    private static unsafe string? ReadLink(SafeFileHandle link)
    {
        var buffer = stackalloc byte[MaxLinkBytes];
        var length = Interop.Libc.ReadLinkAt(Descriptor(link), string.Empty, buffer, MaxLinkBytes);
        return length <= 0 || length >= MaxLinkBytes ? null : Encoding.UTF8.GetString(buffer, (int)length);
    }

    /// <summary>The path the kernel gives an open descriptor (its link in /proc/self/fd, open at <paramref name="descriptors"/>).</summary>
    private static unsafe string? KernelPath(int descriptors, int fd)
    {
        var buffer = stackalloc byte[MaxLinkBytes];
        var length = Interop.Libc.ReadLinkAt(descriptors, DescriptorName(fd), buffer, MaxLinkBytes);
        return length <= 0 || length >= MaxLinkBytes ? null : Encoding.UTF8.GetString(buffer, (int)length);
    }

    private static string DescriptorName(int fd) => fd.ToString(CultureInfo.InvariantCulture);

    private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
