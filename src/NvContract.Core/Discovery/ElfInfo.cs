namespace NvContract.Core.Discovery;

/// <summary>The few facts about an ELF file that the driver volume needs.</summary>
/// <param name="Soname">DT_SONAME, or null when the file has none (executables).</param>
/// <param name="Needed">DT_NEEDED entries in file order.</param>
/// <param name="AbiTag">Contents of the <c>.note.ABI-tag</c> section, or null when absent.</param>
public sealed record ElfInfo(string? Soname, IReadOnlyList<string> Needed, byte[]? AbiTag)
{
    /// <summary>ELFCLASS64 rather than ELFCLASS32.</summary>
    public bool Is64Bit { get; init; }

    /// <summary>e_machine: 62 for x86-64, 183 for aarch64, 21 for ppc64, 3 for i386.</summary>
    public ushort Machine { get; init; }
}
