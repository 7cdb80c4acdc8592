using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int AT_FDCWD = -100;
        internal const int AT_SYMLINK_NOFOLLOW = 0x100;
        internal const uint STATX_TYPE = 0x1;
        internal const uint STATX_INO = 0x100;
        internal const ushort S_IFMT = 0xF000;
        internal const ushort S_IFSOCK = 0xC000;

        /// <summary>struct statx: the same layout on every architecture (unlike struct stat), 256 bytes.</summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        internal struct StatxBuffer
        {
            [FieldOffset(28)]
            public ushort Mode;

            [FieldOffset(32)]
            public ulong Ino;

            [FieldOffset(136)]
            public uint DevMajor;

            [FieldOffset(140)]
            public uint DevMinor;
        }

        /// <summary>statx(2); returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);
    }
}
