using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace NvContract.Core.Discovery;

/// <summary>
/// Reader of glibc's ld.so.cache: the new format (<c>glibc-ld.so.cache1.1</c>), the old
/// <c>ld.so-1.7.0</c> format and the compat format (old entries followed by a new block).
/// </summary>
/// <remarks>
/// Layout as in nvidia-docker v1 src/ldcache/ldcache.go (docs/v1-compatibility.md §3.4)
/// and glibc's sysdeps/generic/dl-cache.h. Every read is bounds-checked: a malformed file gives
/// <see cref="InvalidLdCacheException"/>; an entry whose strings lie outside the file is skipped.
/// A hostile file cannot make the reader work or allocate much: the file, its entry count, each
/// string and all strings together are capped far above what ldconfig writes (a real cache holds
/// a few thousand entries in 100 KiB to 2 MiB).
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

    /// <summary>The largest cache file read.</summary>
    public const int MaxBytes = 32 << 20;

    /// <summary>The most entries a cache may hold.</summary>
    public const int MaxEntries = 1 << 16;

    /// <summary>The longest name or path read (PATH_MAX); an entry with a longer one is skipped.</summary>
    public const int MaxStringBytes = 4096;

    /// <summary>The most string bytes decoded from one cache, all entries together.</summary>
    public const int MaxTotalStringBytes = 16 << 20;

    /// <summary>Reads and parses the cache file open at <paramref name="file"/>, refusing one larger than <see cref="MaxBytes"/>.</summary>
    /// <exception cref="InvalidLdCacheException">The file is too large or malformed.</exception>
    public static IReadOnlyList<LdCacheEntry> Read(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        if (length > MaxBytes)
        {
            throw new InvalidLdCacheException($"too large ({length} bytes, at most {MaxBytes})");
        }

        // Read one byte more than the size said, to notice a file that grows meanwhile.
        var data = new byte[length + 1];
        var read = 0;
        int chunk;
        while (read < data.Length && (chunk = RandomAccess.Read(file, data.AsSpan(read), read)) > 0)
        {
            read += chunk;
        }

        if (read > length)
        {
            throw new InvalidLdCacheException("changed while being read");
        }

        return Parse(data.AsSpan(0, read));
    }

    /// <summary>Parses the bytes of a cache file into its entries, in file order.</summary>
    public static IReadOnlyList<LdCacheEntry> Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxBytes)
        {
            throw new InvalidLdCacheException($"too large ({data.Length} bytes, at most {MaxBytes})");
        }

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
        var budget = new StringBudget();
        for (var i = 0; i < count; i++)
        {
            var entry = data.Slice(OldHeaderSize + (i * OldEntrySize), OldEntrySize);
            Add(entries, ref budget, data, stringsStart, BinaryPrimitives.ReadInt32LittleEndian(entry),
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
        var budget = new StringBudget();
        for (var i = 0; i < count; i++)
        {
            var entry = block.Slice(NewHeaderSize + (i * NewEntrySize), NewEntrySize);
            Add(entries, ref budget, data, start, BinaryPrimitives.ReadInt32LittleEndian(entry),
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

        if (count > MaxEntries)
        {
            throw new InvalidLdCacheException($"too many entries ({count}, at most {MaxEntries})");
        }

        return (int)count;
    }

    private static void Add(List<LdCacheEntry> entries, ref StringBudget budget, ReadOnlySpan<byte> data, int stringsStart, int flags, uint key, uint value)
    {
        // v1 skips entries whose strings lie outside the file rather than failing the whole cache.
        var k = StringAt(data, stringsStart, key);
        var v = StringAt(data, stringsStart, value);
        if (k.IsEmpty || v.IsEmpty)
        {
            return;
        }

        // Entries may all point at the same long string; what is decoded is what costs.
        budget.Spend(k.Length + v.Length);
        entries.Add(new LdCacheEntry(flags, Encoding.UTF8.GetString(k), Encoding.UTF8.GetString(v)));
    }

    /// <summary>The NUL-terminated string at the offset, or empty when it is outside the file or too long.</summary>
    private static ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> data, int stringsStart, uint offset)
    {
        var position = (ulong)stringsStart + offset;
        if (position >= (ulong)data.Length)
        {
            return default;
        }

        var rest = data[(int)position..];
        var end = rest[..Math.Min(rest.Length, MaxStringBytes + 1)].IndexOf((byte)0);
        return end <= 0 ? default : rest[..end];
    }

    private struct StringBudget
    {
        private long _spent;

        public void Spend(int bytes)
        {
            _spent += bytes;
            if (_spent > MaxTotalStringBytes)
            {
                throw new InvalidLdCacheException($"too much string data (more than {MaxTotalStringBytes} bytes)");
            }
        }
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
