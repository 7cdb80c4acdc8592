using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// A small, bounds-checked ELF reader (32/64-bit, either byte order) for DT_SONAME,
/// DT_NEEDED and the <c>.note.ABI-tag</c> section. Reads only the ranges it needs, so the
/// 50 MB driver libraries are never loaded whole.
/// </summary>
public static class ElfReader
{
    private const int SectionTypeDynamic = 6;
    private const long DynamicNull = 0;
    private const long DynamicNeeded = 1;
    private const long DynamicSoname = 14;

    // Caps on what a hostile header can make us allocate.
    private const long MaxTableBytes = 16L << 20;

    /// <summary>Reads the dynamic facts of the ELF file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidElfException">The file is not a well-formed ELF file.</exception>
    public static ElfInfo Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        try
        {
            return Read(new Reader(handle, path));
        }
        catch (EndOfStreamException)
        {
            throw new InvalidElfException(path, "truncated");
        }
    }

    private static ElfInfo Read(Reader file)
    {
        var ident = file.ReadExactly(0, 64);
        if (ident[0] != 0x7f || ident[1] != (byte)'E' || ident[2] != (byte)'L' || ident[3] != (byte)'F')
        {
            throw new InvalidElfException(file.Path, "bad magic");
        }

        var is64 = ident[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidElfException(file.Path, "unknown class"),
        };
        file.BigEndian = ident[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new InvalidElfException(file.Path, "unknown byte order"),
        };

        var sectionsOffset = is64 ? file.U64(ident, 0x28) : file.U32(ident, 0x20);
        var entrySize = file.U16(ident, is64 ? 0x3a : 0x2e);
        var count = file.U16(ident, is64 ? 0x3c : 0x30);
        var namesIndex = file.U16(ident, is64 ? 0x3e : 0x32);
        if (count == 0)
        {
            return new ElfInfo(null, [], null);
        }

        if (entrySize < (is64 ? 64 : 40))
        {
            throw new InvalidElfException(file.Path, "bad section header size");
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

        var sectionNames = namesIndex < count ? file.ReadSection(sections[namesIndex]) : [];
        byte[]? abiTag = null;
        string? soname = null;
        var needed = new List<string>();
        foreach (var section in sections)
        {
            if (abiTag is null && CString(sectionNames, section.Name) == ".note.ABI-tag")
            {
                abiTag = file.ReadSection(section);
            }

            if (section.Type == SectionTypeDynamic && section.Link < count)
            {
                var strings = file.ReadSection(sections[section.Link]);
                var dynamic = file.ReadSection(section);
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
                        needed.Add(lib);
                    }
                    else if (tag == DynamicSoname)
                    {
                        soname ??= CString(strings, value);
                    }
                }
            }
        }

        return new ElfInfo(soname, needed, abiTag);
    }

    private static string? CString(byte[] table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }

        var rest = table.AsSpan((int)offset);
        var end = rest.IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private readonly record struct Section(uint Name, uint Type, ulong Offset, ulong Size, uint Link);

    private sealed class Reader(SafeFileHandle handle, string path)
    {
        private readonly long _length = RandomAccess.GetLength(handle);

        public string Path { get; } = path;

        public bool BigEndian { get; set; }

        public byte[] ReadSection(Section section)
        {
            // SHT_NOBITS (8) occupies no file space.
            if (section.Type == 8 || section.Size == 0)
            {
                return [];
            }

            if (section.Size > MaxTableBytes)
            {
                throw new InvalidElfException(Path, "section too large");
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
