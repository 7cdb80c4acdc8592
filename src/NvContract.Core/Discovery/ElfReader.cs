using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// A small, bounds-checked ELF reader (32/64-bit, either byte order) for the class, machine,
/// DT_SONAME, DT_NEEDED and the <c>.note.ABI-tag</c> section. Reads only the ranges it needs, so
/// the 50 MB driver libraries are never loaded whole, and caps every count and size a header
/// gives, so a crafted file costs at most a few MiB and a few thousand reads. Program headers
/// are never read.
/// </summary>
public static class ElfReader
{
    /// <summary>The most section headers read; NVIDIA's libraries have about 40.</summary>
    public const int MaxSections = 4096;

    /// <summary>The largest dynamic section read (65536 entries of a 64-bit file).</summary>
    public const int MaxDynamicBytes = 1 << 20;

    /// <summary>The largest string table read (the dynamic one, or the section names).</summary>
    public const int MaxStringTableBytes = 16 << 20;

    /// <summary>The largest <c>.note.ABI-tag</c> read (it holds 32 bytes).</summary>
    public const int MaxNoteBytes = 4096;

    /// <summary>The most DT_NEEDED entries kept; a driver library has about ten.</summary>
    public const int MaxNeeded = 1024;

    // The section header table is read in one piece: MaxSections entries of a generous size at most.
    private const int MaxTableBytes = MaxSections * 256;

    // A name longer than PATH_MAX is no library name; scanning for its end stops there.
    private const int MaxNameBytes = 4096;

    private const int SectionTypeDynamic = 6;
    private const int SectionTypeNoBits = 8;
    private const long DynamicNull = 0;
    private const long DynamicNeeded = 1;
    private const long DynamicSoname = 14;

    /// <summary>Reads the dynamic facts of the ELF file open at <paramref name="handle"/>.</summary>
    /// <param name="path">The file's path, for messages only.</param>
    /// <exception cref="InvalidElfException">The file is not a well-formed ELF file, or exceeds a cap.</exception>
    public static ElfInfo Read(SafeFileHandle handle, string path)
    {
        try
        {
            return Read(new Reader(handle, path));
        }
        catch (EndOfStreamException)
        {
            throw new InvalidElfException(path, "not an ELF file (truncated)");
        }
    }

    private static ElfInfo Read(Reader file)
    {
        // The magic first, so a short script is "bad magic" rather than "truncated".
        var magic = file.ReadExactly(0, (int)Math.Min(file.Length, 4));
        if (!magic.AsSpan().SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
        {
            throw new InvalidElfException(file.Path, "not an ELF file (bad magic)");
        }

        var ident = file.ReadExactly(0, 64);

        var is64 = ident[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidElfException(file.Path, "not an ELF file (unknown class)"),
        };
        file.BigEndian = ident[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidElfException(file.Path, "not an ELF file (unknown byte order)"),
        };

        var sectionsOffset = is64 ? file.U64(ident, 0x28) : file.U32(ident, 0x20);
        var entrySize = file.U16(ident, is64 ? 0x3a : 0x2e);
        var count = file.U16(ident, is64 ? 0x3c : 0x30);
        var namesIndex = file.U16(ident, is64 ? 0x3e : 0x32);
        var machine = file.U16(ident, 0x12);
        if (count == 0)
        {
            return new ElfInfo(null, [], null) { Is64Bit = is64, Machine = machine };
        }

        if (entrySize < (is64 ? 64 : 40))
        {
            throw new InvalidElfException(file.Path, "not an ELF file (bad section header size)");
        }

        if (count > MaxSections)
        {
            throw new InvalidElfException(file.Path, $"too many section headers ({count}, at most {MaxSections})");
        }

        // The whole section header table in one read (a driver library has about 30 sections).
        if ((ulong)count * entrySize > MaxTableBytes)
        {
            throw new InvalidElfException(file.Path, "section header table too large");
        }

        var table = file.ReadExactly(sectionsOffset, count * entrySize);
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            var at = i * entrySize;
            sections[i] = is64
                ? new Section(file.U32(table, at), file.U32(table, at + 4), file.U64(table, at + 24), file.U64(table, at + 32), file.U32(table, at + 40))
                : new Section(file.U32(table, at), file.U32(table, at + 4), file.U32(table, at + 16), file.U32(table, at + 20), file.U32(table, at + 24));
        }

        if (sections.Count(s => s.Type == SectionTypeDynamic) > 1)
        {
            throw new InvalidElfException(file.Path, "more than one dynamic section");
        }

        var sectionNames = namesIndex < count ? file.ReadSection(sections[namesIndex], MaxStringTableBytes, "section name table") : [];
        byte[]? abiTag = null;
        string? soname = null;
        var needed = new List<string>();
        foreach (var section in sections)
        {
            if (abiTag is null && CString(sectionNames, section.Name) == ".note.ABI-tag")
            {
                abiTag = file.ReadSection(section, MaxNoteBytes, ".note.ABI-tag section");
            }

            if (section.Type == SectionTypeDynamic && section.Link < count)
            {
                var strings = file.ReadSection(sections[section.Link], MaxStringTableBytes, "dynamic string table");
                var dynamic = file.ReadSection(section, MaxDynamicBytes, "dynamic section");
                var size = is64 ? 16 : 8;
                for (var at = 0; at + size <= dynamic.Length; at += size)
                {
                    var tag = is64 ? (long)file.U64(dynamic, at) : (int)file.U32(dynamic, at);
                    var value = is64 ? file.U64(dynamic, at + 8) : file.U32(dynamic, at + 4);
                    if (tag == DynamicNull)
                    {
                        break;
                    }

                    if (tag == DynamicNeeded && CString(strings, value) is { } lib)
                    {
                        if (needed.Count == MaxNeeded)
                        {
                            throw new InvalidElfException(file.Path, $"too many DT_NEEDED entries (more than {MaxNeeded})");
                        }

                        needed.Add(lib);
                    }
                    else if (tag == DynamicSoname)
                    {
                        soname ??= CString(strings, value);
                    }
                }
            }
        }

        return new ElfInfo(soname, needed, abiTag) { Is64Bit = is64, Machine = machine };
    }

    private static string? CString(byte[] table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }

        var rest = table.AsSpan((int)offset);
        var end = rest[..Math.Min(rest.Length, MaxNameBytes + 1)].IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private readonly record struct Section(uint Name, uint Type, ulong Offset, ulong Size, uint Link);

    private sealed class Reader(SafeFileHandle handle, string path)
    {
        private readonly long _length = RandomAccess.GetLength(handle);

        public long Length => _length;

        public string Path { get; } = path;

        public bool BigEndian { get; set; }

        public byte[] ReadSection(Section section, int maxBytes, string what)
        {
            // SHT_NOBITS occupies no file space.
            if (section.Type == SectionTypeNoBits || section.Size == 0)
            {
                return [];
            }

            if (section.Size > (ulong)maxBytes)
            {
                throw new InvalidElfException(Path, $"{what} too large ({section.Size} bytes, at most {maxBytes})");
            }

            return ReadExactly(section.Offset, (int)section.Size);
        }

        public byte[] ReadExactly(ulong offset, int size)
        {
            if (offset > (ulong)_length || (ulong)size > (ulong)_length - offset)
            {
                throw new EndOfStreamException();
            }

            var buffer = new byte[size];
            var done = 0;
            while (done < size)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(done), (long)offset + done);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                done += read;
            }

            return buffer;
        }

        public ushort U16(byte[] b, int at) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

        public uint U32(byte[] b, int at) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

        public ulong U64(byte[] b, int at) => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
    }
}
