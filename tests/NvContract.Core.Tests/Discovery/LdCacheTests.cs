using System.Buffers.Binary;
using System.Text;
using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

public class LdCacheTests
{
    public static TheoryData<string> Formats => new() { "new", "old", "compat" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_LdconfigCache_ListsEveryLibraryWithPathsInsideTheRoot(string format)
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.550.54.15", "libcuda.so.1");
        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-ml.so.550.54.15", "libnvidia-ml.so.1");
        root.AddLibrary(FakeDriverRoot.Lib32, "libcuda.so.550.54.15", "libcuda.so.1", i386: true);

        using var file = File.OpenHandle(root.RunLdconfig(format));
        var entries = LdCache.Read(file);

        Assert.Equal(
            [
                ("libnvidia-ml.so.1", "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1", LibraryArch.Bits64),
                ("libcuda.so.1", "/usr/lib/x86_64-linux-gnu/libcuda.so.1", LibraryArch.Bits64),
                ("libcuda.so.1", "/usr/lib/i386-linux-gnu/libcuda.so.1", LibraryArch.Bits32),
            ],
            entries.Select(e => (e.Key, e.Value, e.Arch!.Value)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_EveryTruncation_ThrowsOnlyInvalidLdCacheOrParsesFewerEntries(string format)
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.550.54.15", "libcuda.so.1");
        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-ml.so.550.54.15", "libnvidia-ml.so.1");
        var bytes = File.ReadAllBytes(root.RunLdconfig(format));
        var whole = LdCache.Parse(bytes);

        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                var partial = LdCache.Parse(bytes.AsSpan(0, length));
                Assert.True(partial.Count <= whole.Count, $"length {length}");
                Assert.All(partial, e => Assert.Contains(e, whole));
            }
            catch (InvalidLdCacheException e)
            {
                Assert.StartsWith("invalid ld.so.cache file", e.Message);
            }
        }
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyInvalidLdCache()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 48)
            {
                // Half the samples get a valid magic, so the fuzzing reaches the entries.
                Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(bytes, 0);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)random.Next(0, 30));
            }

            try
            {
                LdCache.Parse(bytes);
            }
            catch (InvalidLdCacheException)
            {
            }
        }
    }

    [Fact]
    public void Parse_StringOffsetsOutsideTheFile_SkipsThoseEntries()
    {
        var cache = NewFormat((0x0303, "libcuda.so.1", "/lib/libcuda.so.1"), (0x0303, "libnvidia-ml.so.1", "/lib/libnvidia-ml.so.1"));
        BinaryPrimitives.WriteUInt32LittleEndian(cache.AsSpan(48 + 4), 0xFFFFFFF0);
        BinaryPrimitives.WriteUInt32LittleEndian(cache.AsSpan(48 + 24 + 8), (uint)cache.Length);

        Assert.Empty(LdCache.Parse(cache));
    }

    [Fact]
    public void Parse_UnterminatedString_SkipsTheEntry()
    {
        var cache = NewFormat((0x0303, "libcuda.so.1", "/lib/libcuda.so.1"));
        Assert.Single(LdCache.Parse(cache));

        Assert.Empty(LdCache.Parse(cache.AsSpan(0, cache.Length - 1)));
    }

    [Fact]
    public void Parse_EntryCountBeyondTheFile_Throws()
    {
        var cache = NewFormat((0x0303, "libcuda.so.1", "/lib/libcuda.so.1"));
        BinaryPrimitives.WriteUInt32LittleEndian(cache.AsSpan(20), uint.MaxValue);

        var e = Assert.Throws<InvalidLdCacheException>(() => LdCache.Parse(cache));
        Assert.StartsWith("invalid ld.so.cache file", e.Message);
    }

    [Theory]
    [InlineData("sixteen bytes!!!")]
    [InlineData("glibc-ld.so.cache1.0 and more padding to pass the size check of the header.")]
    [InlineData("not a cache at all, but long enough to be more than a header")]
    public void Parse_UnknownOrShortContent_Throws(string content) =>
        Assert.Throws<InvalidLdCacheException>(() => LdCache.Parse(Encoding.ASCII.GetBytes(content)));

    [Fact]
    public void Read_FileOverTheCap_ThrowsBeforeReadingIt()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("ld.so.cache");
        using (var sparse = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            sparse.SetLength(LdCache.MaxBytes + 1L);
        }

        using var file = File.OpenHandle(path);
        var e = Assert.Throws<InvalidLdCacheException>(() => LdCache.Read(file));

        Assert.Equal($"invalid ld.so.cache file: too large ({LdCache.MaxBytes + 1L} bytes, at most {LdCache.MaxBytes})", e.Message);
    }

    [Fact]
    public void Parse_MoreEntriesThanTheCap_Throws()
    {
        var cache = new byte[48 + (24 * (LdCache.MaxEntries + 1))];
        Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(cache, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(cache.AsSpan(20), LdCache.MaxEntries + 1);

        var e = Assert.Throws<InvalidLdCacheException>(() => LdCache.Parse(cache));

        Assert.Equal($"invalid ld.so.cache file: too many entries ({LdCache.MaxEntries + 1}, at most {LdCache.MaxEntries})", e.Message);
    }

    [Fact]
    public void Parse_EntriesSharingOneLongString_StopAtTheStringBudget()
    {
        // Every entry names the same 4000-byte path: cheap to store, costly to decode 65536 times.
        var path = "/" + new string('a', 3999);
        var cache = NewFormat((0x0303, "libcuda.so.1", path));
        var count = LdCache.MaxEntries;
        var many = new byte[48 + (24 * count) + cache.Length];
        cache.AsSpan(0, 48).CopyTo(many);
        BinaryPrimitives.WriteUInt32LittleEndian(many.AsSpan(20), (uint)count);
        var strings = 48 + (24 * count);
        cache.AsSpan(48 + 24).CopyTo(many.AsSpan(strings));
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(many.AsSpan(48 + (24 * i)), 0x0303);
            BinaryPrimitives.WriteUInt32LittleEndian(many.AsSpan(48 + (24 * i) + 4), (uint)strings);
            BinaryPrimitives.WriteUInt32LittleEndian(many.AsSpan(48 + (24 * i) + 8), (uint)(strings + "libcuda.so.1".Length + 1));
        }

        var e = Assert.Throws<InvalidLdCacheException>(() => LdCache.Parse(many));

        Assert.StartsWith("invalid ld.so.cache file: too much string data", e.Message);
    }

    [Fact]
    public void Parse_StringLongerThanPathMax_SkipsTheEntry()
    {
        var cache = NewFormat((0x0303, "libcuda.so.1", "/" + new string('a', LdCache.MaxStringBytes)), (0x0303, "libnvidia-ml.so.1", "/lib/libnvidia-ml.so.1"));

        Assert.Equal(["libnvidia-ml.so.1"], LdCache.Parse(cache).Select(e => e.Key));
    }

    /// <summary>Builds a new-format cache by hand, for flags and offsets ldconfig never writes.</summary>
    internal static byte[] NewFormat(params (int Flags, string Key, string Value)[] entries)
    {
        var strings = new MemoryStream();
        var header = new byte[48 + (24 * entries.Length)];
        Encoding.ASCII.GetBytes("glibc-ld.so.cache1.1").CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 48 + (24 * i);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(at), entries[i].Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(at + 4), (uint)(header.Length + strings.Length));
            strings.Write(Encoding.UTF8.GetBytes(entries[i].Key + "\0"));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(at + 8), (uint)(header.Length + strings.Length));
            strings.Write(Encoding.UTF8.GetBytes(entries[i].Value + "\0"));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)strings.Length);
        return [.. header, .. strings.ToArray()];
    }
}
