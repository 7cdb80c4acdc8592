using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>FICLONE: share the source's extents (reflink) where the filesystem can.</summary>
        internal const uint FICLONE = 0x40049409;

        /// <summary>ioctl(2) with an integer argument; returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int Ioctl(nint fd, nuint request, nint argument);
    }
}
