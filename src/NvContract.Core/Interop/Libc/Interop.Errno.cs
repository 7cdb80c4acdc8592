internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int EAGAIN = 11;
        internal const int EXDEV = 18;
        internal const int ENOTDIR = 20;
        internal const int ENOSYS = 38;
        internal const int ELOOP = 40;
    }
}
