using NvContract.Core.Discovery;

namespace NvContract.Core.Tests.Discovery;

public class LdCacheEntryTests
{
    public static TheoryData<string, int, LibraryArch?> Flags => new()
    {
        { "x86-64 libc6", 0x0303, LibraryArch.Bits64 },
        { "ppc64le libc6", 0x0503, LibraryArch.Bits64 },
        { "aarch64 libc6 (not in v1)", 0x0a03, LibraryArch.Bits64 },
        { "i386 libc6", 0x0003, LibraryArch.Bits32 },
        { "i386 plain ELF", 0x0001, LibraryArch.Bits32 },
        { "x32 libc6", 0x0803, LibraryArch.Bits32 },
        { "sparc64 is unknown", 0x0103, null },
        { "riscv64 is unknown", 0x1003, null },
        { "libc5 (type 2) is not ELF libc6", 0x0302, null },
        { "a.out (type 0)", 0x0300, null },
    };

    [Theory]
    [MemberData(nameof(Flags))]
    public void Arch_Flags_MapsToVolumeFolder(string description, int flags, LibraryArch? expected) =>
        Assert.True(expected == new LdCacheEntry(flags, "libcuda.so.1", "/lib/libcuda.so.1").Arch, description);
}
