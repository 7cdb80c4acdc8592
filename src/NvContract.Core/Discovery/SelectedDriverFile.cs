namespace NvContract.Core.Discovery;

/// <summary>A driver file a build keeps: open, with its ELF facts and the other names it is found under.</summary>
/// <param name="File">The open file; the caller disposes it.</param>
/// <param name="Elf">Its ELF facts.</param>
/// <param name="Links">
/// The names it gets besides <see cref="DriverFile.Name"/> in its folder (SONAME, <c>libcuda.so</c>,
/// <c>libGLX_indirect.so.0</c>), none of them taken by an earlier file of the folder.
/// </param>
public sealed record SelectedDriverFile(DriverFile File, ElfInfo Elf, IReadOnlyList<string> Links);
