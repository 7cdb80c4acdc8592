using System.Buffers.Binary;

namespace NvContract.Core.Tests.Discovery;

/// <summary>
/// Writes ELF64 files by hand: a header and section headers whose counts and sizes no linker
/// would produce. The contents a section points at are left sparse (zeros), so a header can
/// claim megabytes without the test writing them.
/// </summary>
public static class CraftedElf
{
    public const int SectionTypeStrings = 3;
    public const int SectionTypeDynamic = 6;

    /// <summary>One section header: type, file offset, size and sh_link.</summary>
    public readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link = 0);

    /// <summary>Writes the file: header, then the section headers, then <paramref name="length"/> bytes in all.</summary>
    public static void Write(string path, IReadOnlyList<Section> sections, long length, ushort sectionCount = 0)
    {
        const int headerSize = 64;
        const int sectionSize = 64;
        var count = sectionCount != 0 ? sectionCount : (ushort)sections.Count;
        var bytes = new byte[headerSize + (sectionSize * sections.Count)];
        "\x7f"u8.CopyTo(bytes);
        "ELF"u8.CopyTo(bytes.AsSpan(1));
        bytes[4] = 2; // ELFCLASS64
        bytes[5] = 1; // little endian
        bytes[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x12), 62); // x86-64
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x14), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x28), headerSize); // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x34), headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3a), sectionSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3c), count);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3e), 0xffff); // no section names
        for (var i = 0; i < sections.Count; i++)
        {
            var at = headerSize + (i * sectionSize);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), sections[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 24), sections[i].Offset);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 32), sections[i].Size);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 40), sections[i].Link);
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(bytes);
        file.SetLength(Math.Max(length, bytes.Length));
    }
}
