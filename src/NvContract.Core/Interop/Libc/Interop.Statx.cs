using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int AT_SYMLINK_NOFOLLOW = 0x100;
        internal const int AT_EMPTY_PATH = 0x1000;
        internal const uint STATX_TYPE = 0x1;
        internal const uint STATX_INO = 0x100;
        internal const uint STATX_BASIC_STATS = 0x7ff;

        internal const int S_IFMT = 0xf000;
        internal const int S_IFIFO = 0x1000;
        internal const int S_IFCHR = 0x2000;
        internal const int S_IFDIR = 0x4000;
        internal const int S_IFBLK = 0x6000;
        internal const int S_IFREG = 0x8000;
        internal const int S_IFLNK = 0xa000;
        internal const int S_IFSOCK = 0xc000;

        /// <summary>
        /// statx(2) (glibc 2.28+, Linux 4.11+); its buffer has one layout on every architecture,
        /// unlike struct stat. Returns -1 and sets errno on failure.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

        /// <summary>The members of struct statx the daemon reads, at their kernel offsets.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        internal struct StatxBuffer
        {
            [FieldOffset(28)]
            public ushort Mode;

            [FieldOffset(32)]
            public ulong Inode;

            [FieldOffset(40)]
            public ulong Size;

            [FieldOffset(112)]
            public long ModifiedSeconds;

            [FieldOffset(120)]
            public uint ModifiedNanoseconds;

            [FieldOffset(136)]
            public uint DeviceMajor;

            [FieldOffset(140)]
            public uint DeviceMinor;
        }
    }
}
