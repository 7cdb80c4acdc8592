using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>AT_SYMLINK_FOLLOW: link what a (magic) symlink points at, not the link.</summary>
        internal const int AT_SYMLINK_FOLLOW = 0x400;

        /// <summary>linkat(2): a new hard link; returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int LinkAt(int oldDirFd, string oldPath, int newDirFd, string newPath, int flags);
    }
}
