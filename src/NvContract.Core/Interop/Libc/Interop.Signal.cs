using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SIGINT = 2;

        /// <summary>SIG_DFL: the signal's default disposition.</summary>
        internal const nint SIG_DFL = 0;

        /// <summary>signal(2); returns the previous disposition, or SIG_ERR (-1).</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "signal")]
        internal static partial nint Signal(int signum, nint handler);
    }
}
