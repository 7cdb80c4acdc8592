using System.Buffers.Binary;
using System.Text;

namespace NvContract.Core.Discovery;

/// <summary>
/// Reader of glibc's ld.so.cache: the new format (<c>glibc-ld.so.cache1.1</c>), the old
/// <c>ld.so-1.7.0</c> format and the compat format (old entries followed by a new block).
/// </summary>
/// <remarks>
/// Layout as in nvidia-docker v1 src/ldcache/ldcache.go (docs/v1-compatibility.md §3.4)
/// and glibc's sysdeps/generic/dl-cache.h. Every read is bounds-checked: a malformed file gives
/// <see cref="InvalidLdCacheException"/>; an entry whose strings lie outside the file is skipped.
/// </remarks>
public static class LdCache
{
    private const string OldMagic = "ld.so-1.7.0\0";
    private const string NewMagic = "glibc-ld.so.cache";
    private const string NewVersion = "1.1";
    private const int OldHeaderSize = 16;
    private const int OldEntrySize = 12;
    private const int NewHeaderSize = 48;
    private const int NewEntrySize = 24;
    private const int NewBlockAlignment = 8;

    /// <summary>Reads and parses a cache file.</summary>
    public static IReadOnlyList<LdCacheEntry> Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses the bytes of a cache file into its entries, in file order.</summary>
    public static IReadOnlyList<LdCacheEntry> Parse(ReadOnlySpan<byte> data)
    {
        // v1: a file of 16 bytes or less cannot even hold a header.
        if (data.Length <= 16)
        {
            throw new InvalidLdCacheException("file too short");
        }

        if (!StartsWith(data, OldMagic))
        {
            return ParseNew(data, 0);
        }

        var count = ReadCount(data, OldMagic.Length, OldEntrySize, OldHeaderSize);
        var oldEnd = OldHeaderSize + (count * OldEntrySize);
        var newStart = AlignUp(oldEnd, NewBlockAlignment);
        if (newStart <= data.Length - NewHeaderSize && StartsWith(data[newStart..], NewMagic))
        {
            return ParseNew(data, newStart);
        }

        return ParseOld(data, count, oldEnd);
    }

    private static List<LdCacheEntry> ParseOld(ReadOnlySpan<byte> data, int count, int stringsStart)
    {
        var entries = new List<LdCacheEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = data.Slice(OldHeaderSize + (i * OldEntrySize), OldEntrySize);
            Add(entries, data, stringsStart, BinaryPrimitives.ReadInt32LittleEndian(entry),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]));
        }

        return entries;
    }

    private static List<LdCacheEntry> ParseNew(ReadOnlySpan<byte> data, int start)
    {
        var block = data[start..];
        if (block.Length < NewHeaderSize || !StartsWith(block, NewMagic) || !StartsWith(block[NewMagic.Length..], NewVersion))
        {
            throw new InvalidLdCacheException("unknown format");
        }

        var count = ReadCount(block, NewMagic.Length + NewVersion.Length, NewEntrySize, NewHeaderSize);
        var entries = new List<LdCacheEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = block.Slice(NewHeaderSize + (i * NewEntrySize), NewEntrySize);
            Add(entries, data, start, BinaryPrimitives.ReadInt32LittleEndian(entry),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]));
        }

        return entries;
    }

    /// <summary>Reads an entry count and checks that that many entries fit after the header.</summary>
    private static int ReadCount(ReadOnlySpan<byte> block, int offset, int entrySize, int headerSize)
    {
        if (block.Length < offset + 4)
        {
            throw new InvalidLdCacheException("truncated header");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(block[offset..]);
        if (block.Length < headerSize || count > (ulong)(block.Length - headerSize) / (ulong)entrySize)
        {
            throw new InvalidLdCacheException($"{count} entries do not fit in the file");
        }

        return (int)count;
    }

    private static void Add(List<LdCacheEntry> entries, ReadOnlySpan<byte> data, int stringsStart, int flags, uint key, uint value)
    {
        // v1 skips entries whose strings lie outside the file rather than failing the whole cache.
        var k = ReadString(data, stringsStart, key);
        var v = ReadString(data, stringsStart, value);
        if (k is not null && v is not null)
        {
            entries.Add(new LdCacheEntry(flags, k, v));
        }
    }

    private static string? ReadString(ReadOnlySpan<byte> data, int stringsStart, uint offset)
    {
        var position = (ulong)stringsStart + offset;
        if (position >= (ulong)data.Length)
        {
            return null;
        }

        var rest = data[(int)position..];
        var end = rest.IndexOf((byte)0);
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private static bool StartsWith(ReadOnlySpan<byte> data, string ascii)
    {
        if (data.Length < ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (data[i] != (byte)ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
