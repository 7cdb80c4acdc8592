internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPERM = 1;
        internal const int EXDEV = 18;
    }
}
