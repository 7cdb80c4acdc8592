using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// syscall(2) with four word-sized arguments, for system calls glibc has no wrapper for.
        /// Every argument is passed as a full register, as the kernel reads them.
        /// </summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
        internal static partial nint Syscall(nint number, nint argument1, nint argument2, nint argument3, nint argument4);
    }
}
