using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>execv(3) with a null-terminated argv of UTF-8 strings; returns only on failure, -1 with errno set.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "execv", SetLastError = true)]
        internal static partial int Execv(nint path, nint[] argv);
    }
}
