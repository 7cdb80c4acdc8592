internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int EEXIST = 17;
        internal const int EXDEV = 18;
    }
}
