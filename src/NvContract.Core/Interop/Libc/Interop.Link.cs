using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>link(2): a new hard link; returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Link(string oldPath, string newPath);
    }
}
