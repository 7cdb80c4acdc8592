using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>readlinkat(2): the target of a symlink, not NUL-terminated; returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial nint ReadLinkAt(int dirFd, string path, byte* buffer, nuint size);
    }
}
