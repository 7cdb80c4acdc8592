using System.Runtime.InteropServices;
using System.Text;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>openat2's number, the same on every architecture the daemon runs on (Linux 5.6+).</summary>
        internal const nint SYS_openat2 = 437;

        /// <summary>RESOLVE_NO_MAGICLINKS: refuse /proc-style "magic" links.</summary>
        internal const ulong RESOLVE_NO_MAGICLINKS = 0x02;

        /// <summary>RESOLVE_IN_ROOT: resolve as if the directory were the root (absolute links and ".." stay inside).</summary>
        internal const ulong RESOLVE_IN_ROOT = 0x10;

        /// <summary>openat2(2) through syscall(2); returns a new descriptor, or -1 and sets errno (ENOSYS before Linux 5.6).</summary>
        internal static unsafe int OpenAt2(int dirFd, string path, int flags, ulong resolve)
        {
            var how = new OpenHow { Flags = (ulong)flags, Resolve = resolve };
            var bytes = Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* p = bytes)
            {
                return (int)Syscall(SYS_openat2, dirFd, (nint)p, (nint)(&how), sizeof(OpenHow));
            }
        }

        /// <summary>struct open_how.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct OpenHow
        {
            public ulong Flags;
            public ulong Mode;
            public ulong Resolve;
        }
    }
}
