using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int AT_FDCWD = -100;
        internal const int O_RDONLY = 0;
        internal const int O_NOCTTY = 0x100;
        internal const int O_NONBLOCK = 0x800;
        internal const int O_CLOEXEC = 0x80000;
        internal const int O_PATH = 0x200000;

        // arm, arm64 and powerpc number these two flags differently from asm-generic and x86.
        private static bool ArmLikeFlags =>
            RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le;

        /// <summary>O_NOFOLLOW: 0100000 on arm, arm64 and powerpc, 0400000 elsewhere (asm-generic, x86).</summary>
        internal static readonly int O_NOFOLLOW = ArmLikeFlags ? 0x8000 : 0x20000;

        /// <summary>O_DIRECTORY: 040000 on arm, arm64 and powerpc, 0200000 elsewhere (asm-generic, x86).</summary>
        internal static readonly int O_DIRECTORY = ArmLikeFlags ? 0x4000 : 0x10000;
    }
}
