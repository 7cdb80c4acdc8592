using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// A small, bounds-checked ELF reader (32/64-bit, either byte order) for the class, machine,
/// DT_SONAME, DT_NEEDED and the <c>.note.ABI-tag</c> section. Reads only the ranges it needs, so
/// the 50 MB driver libraries are never loaded whole, and caps every count and size a header
/// gives, so a crafted file costs at most a few MiB and a few thousand reads. Program headers
/// are never parsed.
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
    public static ElfInfo Read(SafeFileHandle handle, string path) => Read(handle, path, RandomAccess.GetLength(handle));

    /// <summary>Reads the dynamic facts of the ELF file open at <paramref name="handle"/>, whose length is known.</summary>
    /// <param name="path">The file's path, for messages only.</param>
    /// <param name="length">The file's length (a shorter file reads as truncated).</param>
    /// <exception cref="InvalidElfException">The file is not a well-formed ELF file, or exceeds a cap.</exception>
    public static ElfInfo Read(SafeFileHandle handle, string path, long length)
    {
        using var reader = new Reader(handle, path, length);
        try
        {
            return Read(reader);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidElfException(path, "not an ELF file (truncated)");
        }
    }

    private static ElfInfo Read(Reader file)
    {
        // The magic first, so a short script is "bad magic" rather than "truncated".
        var head = file.Head;
        if (!head.StartsWith((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
        {
            throw new InvalidElfException(file.Path, "not an ELF file (bad magic)");
        }

        Span<byte> ident = stackalloc byte[64];
        file.ReadExactly(0, ident);

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

        // Tables are read into pooled buffers and decoded in place: a build reads dozens of
        // libraries, and only the few strings kept are allocated.
        var sections = ArrayPool<Section>.Shared.Rent(count);
        var table = ArrayPool<byte>.Shared.Rent(count * entrySize);
        var sectionNames = Array.Empty<byte>();
        try
        {
            // Linkers put the section header table last, just after the section names and not far
            // from the dynamic section: one read of the file's tail usually serves all three.
            file.ReadTail(sectionsOffset, count * entrySize);
            file.ReadExactly(sectionsOffset, table.AsSpan(0, count * entrySize));
            var dynamicSections = 0;
            for (var i = 0; i < count; i++)
            {
                var at = i * entrySize;
                sections[i] = is64
                    ? new Section(file.U32(table, at), file.U32(table, at + 4), file.U64(table, at + 24), file.U64(table, at + 32), file.U32(table, at + 40))
                    : new Section(file.U32(table, at), file.U32(table, at + 4), file.U32(table, at + 16), file.U32(table, at + 20), file.U32(table, at + 24));
                if (sections[i].Type == SectionTypeDynamic)
                {
                    dynamicSections++;
                }
            }

            if (dynamicSections > 1)
            {
                throw new InvalidElfException(file.Path, "more than one dynamic section");
            }

            var namesLength = namesIndex < count ? file.ReadSection(sections[namesIndex], MaxStringTableBytes, "section name table", ref sectionNames) : 0;
            byte[]? abiTag = null;
            string? soname = null;
            var needed = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var section = sections[i];
                if (abiTag is null && NameIs(sectionNames.AsSpan(0, namesLength), section.Name, ".note.ABI-tag"u8))
                {
                    var note = Array.Empty<byte>();
                    try
                    {
                        var noteLength = file.ReadSection(section, MaxNoteBytes, ".note.ABI-tag section", ref note);
                        abiTag = note.AsSpan(0, noteLength).ToArray();
                    }
                    finally
                    {
                        Return(note);
                    }
                }

                if (section.Type == SectionTypeDynamic && section.Link < count)
                {
                    ReadDynamic(file, is64, sections[section.Link], section, needed, ref soname);
                }
            }

            return new ElfInfo(soname, needed, abiTag) { Is64Bit = is64, Machine = machine };
        }
        finally
        {
            Return(sectionNames);
            ArrayPool<byte>.Shared.Return(table);
            ArrayPool<Section>.Shared.Return(sections);
        }
    }

    private static void ReadDynamic(Reader file, bool is64, Section stringSection, Section section, List<string> needed, ref string? soname)
    {
        var strings = Array.Empty<byte>();
        var dynamic = Array.Empty<byte>();
        try
        {
            var stringsLength = file.ReadSection(stringSection, MaxStringTableBytes, "dynamic string table", ref strings);
            var dynamicLength = file.ReadSection(section, MaxDynamicBytes, "dynamic section", ref dynamic);
            var size = is64 ? 16 : 8;
            for (var at = 0; at + size <= dynamicLength; at += size)
            {
                var tag = is64 ? (long)file.U64(dynamic, at) : (int)file.U32(dynamic, at);
                var value = is64 ? file.U64(dynamic, at + 8) : file.U32(dynamic, at + 4);
                if (tag == DynamicNull)
                {
                    break;
                }

                if (tag == DynamicNeeded && CString(strings.AsSpan(0, stringsLength), value) is { } lib)
                {
                    if (needed.Count == MaxNeeded)
                    {
                        throw new InvalidElfException(file.Path, $"too many DT_NEEDED entries (more than {MaxNeeded})");
                    }

                    needed.Add(lib);
                }
                else if (tag == DynamicSoname)
                {
                    soname ??= CString(strings.AsSpan(0, stringsLength), value);
                }
            }
        }
        finally
        {
            Return(dynamic);
            Return(strings);
        }
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether the NUL-terminated name at the offset is <paramref name="expected"/>.</summary>
    private static bool NameIs(ReadOnlySpan<byte> table, ulong offset, ReadOnlySpan<byte> expected)
    {
        if (offset >= (ulong)table.Length)
        {
            return false;
        }

        var rest = table[(int)offset..];
        return rest.Length > expected.Length && rest[expected.Length] == 0 && rest.StartsWith(expected);
    }

    private static string? CString(ReadOnlySpan<byte> table, ulong offset)
    {
        if (offset >= (ulong)table.Length)
        {
            return null;
        }

        var rest = table[(int)offset..];
        var end = rest[..Math.Min(rest.Length, MaxNameBytes + 1)].IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private readonly record struct Section(uint Name, uint Type, ulong Offset, ulong Size, uint Link);

    /// <summary>
    /// Reads ranges of the file, serving them from two windows where it can: its head (the ELF
    /// header, the notes and, in small libraries, the dynamic strings) and its tail (the section
    /// headers and names, often the dynamic section), so a library costs two or three reads, not seven.
    /// </summary>
    private sealed class Reader : IDisposable
    {
        // The head read at once: the ELF header, program headers, notes, often .dynstr.
        private const int HeadBytes = 4096;

        // Read before the section header table, for the section names and the dynamic section.
        private const int TailLeadBytes = 16 * 1024;

        private readonly SafeFileHandle _handle;
        private readonly long _length;
        private readonly byte[] _head;
        private readonly int _headLength;
        private byte[]? _tail;
        private ulong _tailOffset;
        private int _tailLength;

        public Reader(SafeFileHandle handle, string path, long length)
        {
            _handle = handle;
            _length = length;
            Path = path;
            _headLength = (int)Math.Min(length, HeadBytes);
            _head = ArrayPool<byte>.Shared.Rent(HeadBytes);
            try
            {
                ReadFromFile(0, _head.AsSpan(0, _headLength));
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(_head);
                throw;
            }
        }

        public string Path { get; }

        public bool BigEndian { get; set; }

        /// <summary>The file's first bytes (all of it when it is short).</summary>
        public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

        /// <summary>Reads the file from a little before <paramref name="offset"/> to the end of the range into the tail window.</summary>
        public void ReadTail(ulong offset, int size)
        {
            if (IsOutside(offset, size) || offset + (ulong)size <= (ulong)_headLength)
            {
                return;
            }

            var start = offset > TailLeadBytes ? offset - TailLeadBytes : 0;
            var length = (int)(offset + (ulong)size - start);
            var tail = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                ReadFromFile(start, tail.AsSpan(0, length));
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(tail);
                throw;
            }

            ReturnTail();
            (_tail, _tailOffset, _tailLength) = (tail, start, length);
        }

        /// <summary>Reads the section into <paramref name="buffer"/> (rented from the shared pool when it is empty); returns its length.</summary>
        public int ReadSection(Section section, int maxBytes, string what, ref byte[] buffer)
        {
            // SHT_NOBITS occupies no file space.
            if (section.Type == SectionTypeNoBits || section.Size == 0)
            {
                return 0;
            }

            if (section.Size > (ulong)maxBytes)
            {
                throw new InvalidElfException(Path, $"{what} too large ({section.Size} bytes, at most {maxBytes})");
            }

            var size = (int)section.Size;
            if (IsOutside(section.Offset, size))
            {
                throw new EndOfStreamException();
            }

            buffer = ArrayPool<byte>.Shared.Rent(size);
            ReadExactly(section.Offset, buffer.AsSpan(0, size));
            return size;
        }

        public void ReadExactly(ulong offset, Span<byte> buffer)
        {
            if (IsOutside(offset, buffer.Length))
            {
                throw new EndOfStreamException();
            }

            var end = offset + (ulong)buffer.Length;
            if (end <= (ulong)_headLength)
            {
                _head.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
            }
            else if (_tail is not null && offset >= _tailOffset && end <= _tailOffset + (ulong)_tailLength)
            {
                _tail.AsSpan((int)(offset - _tailOffset), buffer.Length).CopyTo(buffer);
            }
            else
            {
                ReadFromFile(offset, buffer);
            }
        }

        public ushort U16(ReadOnlySpan<byte> b, int at) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

        public uint U32(ReadOnlySpan<byte> b, int at) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);

        public ulong U64(ReadOnlySpan<byte> b, int at) => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_head);
            ReturnTail();
        }

        private void ReturnTail()
        {
            if (_tail is not null)
            {
                ArrayPool<byte>.Shared.Return(_tail);
                _tail = null;
            }
        }

        // The file may have shrunk since its length was taken: a short read is the end of the file.
        private void ReadFromFile(ulong offset, Span<byte> buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var read = RandomAccess.Read(_handle, buffer[done..], (long)offset + done);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                done += read;
            }
        }

        private bool IsOutside(ulong offset, int size) => offset > (ulong)_length || (ulong)size > (ulong)_length - offset;
    }
}
