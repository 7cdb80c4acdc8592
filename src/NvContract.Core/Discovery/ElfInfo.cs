namespace NvContract.Core.Discovery;

/// <summary>The few facts about an ELF file that the driver volume needs.</summary>
/// <param name="Soname">DT_SONAME, or null when the file has none (executables).</param>
/// <param name="Needed">DT_NEEDED entries in file order.</param>
/// <param name="AbiTag">Contents of the <c>.note.ABI-tag</c> section, or null when absent.</param>
public sealed record ElfInfo(string? Soname, IReadOnlyList<string> Needed, byte[]? AbiTag);
