namespace NvContract.Core.Discovery;

/// <summary>One library of ld.so.cache, in cache order.</summary>
/// <param name="Flags">The raw entry flags (type in the low byte, architecture in the next).</param>
/// <param name="Key">The library name, usually its SONAME (<c>libcuda.so.1</c>).</param>
/// <param name="Value">The absolute path of the library as seen from the cache's root.</param>
public sealed record LdCacheEntry(int Flags, string Key, string Value)
{
    private const int FlagElf = 0x0001;
    private const int FlagArchMask = 0xff00;

    /// <summary>
    /// The volume folder of the entry, or null when it is not an ELF libc entry of a known
    /// architecture. v1 knew x86-64 and ppc64le (64-bit), i386 and x32 (32-bit)
    /// (docs/v1-compatibility.md §3.4);
    /// aarch64 (0x0a00) is added here as 64-bit, which v1 skipped.
    /// </summary>
    public LibraryArch? Arch
    {
        get
        {
            if ((Flags & FlagElf) == 0)
            {
                return null;
            }

            return (Flags & FlagArchMask) switch
            {
                0x0300 or 0x0500 or 0x0a00 => LibraryArch.Bits64,
                0x0000 or 0x0800 => LibraryArch.Bits32,
                _ => null,
            };
        }
    }
}
