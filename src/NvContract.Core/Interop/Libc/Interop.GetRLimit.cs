using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int RLIMIT_NOFILE = 7;

        /// <summary>struct rlimit: the soft (current) and hard (maximum) limits.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ResourceLimit
        {
            public ulong Current;
            public ulong Maximum;
        }

        /// <summary>getrlimit(2); returns -1 and sets errno on failure.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
        internal static partial int GetRLimit(int resource, out ResourceLimit limit);
    }
}
