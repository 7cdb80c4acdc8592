using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

public class ElfReaderTests
{
    [Fact]
    public void Read_SharedLibrary_ReturnsSonameAndNeeded()
    {
        using var root = new FakeDriverRoot();
        var glcore = root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-glcore.so.550.54.15", "libnvidia-glcore.so.550.54.15");
        var glx = root.AddLibrary(FakeDriverRoot.Lib64, "libGLX_nvidia.so.550.54.15", "libGLX_nvidia.so.0", [glcore]);

        var elf = Read(glx);

        Assert.Equal("libGLX_nvidia.so.0", elf.Soname);
        Assert.True(elf.Is64Bit);
        Assert.Equal(62, elf.Machine);
        Assert.Contains("libnvidia-glcore.so.550.54.15", elf.Needed);
        Assert.Contains("libc.so.6", elf.Needed);
    }

    [Fact]
    public void Read_I386Library_ReturnsSoname()
    {
        using var root = new FakeDriverRoot();
        var lib = root.AddLibrary(FakeDriverRoot.Lib32, "libcuda.so.550.54.15", "libcuda.so.1", i386: true);

        var elf = Read(lib);

        Assert.Equal("libcuda.so.1", elf.Soname);
        Assert.False(elf.Is64Bit);
        Assert.Equal(3, elf.Machine);
    }

    [Fact]
    public void Read_Executable_HasNoSoname()
    {
        using var root = new FakeDriverRoot();

        var elf = Read(root.AddBinary("nvidia-smi"));

        Assert.Null(elf.Soname);
        Assert.Contains("libc.so.6", elf.Needed);
    }

    [Fact]
    public void Read_AbiTagNote_ReturnsItsBytes()
    {
        using var root = new FakeDriverRoot();
        var tls = root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-tls.so.550.54.15", null, abiTag: "2,3,99");

        var tag = Read(tls).AbiTag;

        Assert.NotNull(tag);
        Assert.Equal([0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 99, 0, 0, 0], tag.AsSpan(16, 16).ToArray());
    }

    [Fact]
    public void Read_TextFile_ThrowsInvalidElf()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("nvidia-smi");
        File.WriteAllText(path, "#!/bin/sh\necho wrapper\n");

        var e = Assert.Throws<InvalidElfException>(() => Read(path));
        Assert.Equal(path, e.Path);
        Assert.Equal("not an ELF file (bad magic)", e.Reason);
    }

    [Fact]
    public void Read_TruncatedOrCorrupted_ThrowsOnlyInvalidElf()
    {
        using var root = new FakeDriverRoot();
        var lib = File.ReadAllBytes(root.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.1", "libcuda.so.1"));
        var path = root.Host("/cut.so");
        var random = new Random(42);

        // Every length through the headers, then a spread of lengths, then random byte damage.
        var lengths = Enumerable.Range(0, 128).Concat(Enumerable.Range(0, lib.Length / 37).Select(i => i * 37));
        foreach (var length in lengths)
        {
            File.WriteAllBytes(path, lib[..length]);
            ReadOrInvalid(path);
        }

        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])lib.Clone();
            for (var j = 0; j < 8; j++)
            {
                damaged[random.Next(16, 64)] = (byte)random.Next(256);
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(path, damaged);
            ReadOrInvalid(path);
        }
    }

    public static TheoryData<string, CraftedElf.Section[], long, ushort, string> Hostile => new()
    {
        {
            "thousands of section headers",
            [new(CraftedElf.SectionTypeDynamic, 0, 16, 1)], 1 << 20, 60000,
            $"too many section headers (60000, at most {ElfReader.MaxSections})"
        },
        {
            "two dynamic sections sharing a huge string table",
            [new(CraftedElf.SectionTypeDynamic, 4096, 16, 2), new(CraftedElf.SectionTypeDynamic, 4096, 16, 2), new(CraftedElf.SectionTypeStrings, 4096, 8 << 20)], 9 << 20, 0,
            "more than one dynamic section"
        },
        {
            "a dynamic section of millions of entries",
            [new(CraftedElf.SectionTypeDynamic, 4096, 32 << 20, 1), new(CraftedElf.SectionTypeStrings, 4096, 16)], 33 << 20, 0,
            $"dynamic section too large ({32 << 20} bytes, at most {ElfReader.MaxDynamicBytes})"
        },
        {
            "a string table of 64 MiB",
            [new(CraftedElf.SectionTypeDynamic, 4096, 16, 1), new(CraftedElf.SectionTypeStrings, 4096, 64 << 20)], 65 << 20, 0,
            $"dynamic string table too large ({64 << 20} bytes, at most {ElfReader.MaxStringTableBytes})"
        },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Read_HostileHeaders_ThrowInvalidElfWithTheCap(string description, CraftedElf.Section[] sections, long length, ushort count, string reason)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("libnvidia-glcore.so.1");
        CraftedElf.Write(path, sections, length, count);

        var e = Assert.Throws<InvalidElfException>(() => Read(path));

        Assert.True(reason == e.Reason, $"{description}: {e.Reason}");
    }

    [Fact]
    public void Read_CraftedWithinTheCaps_IsRead()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("libnvidia-glcore.so.1");
        CraftedElf.Write(path, [new(CraftedElf.SectionTypeDynamic, 4096, 16, 1), new(CraftedElf.SectionTypeStrings, 4096, 1 << 20)], 2 << 20);

        var elf = Read(path);

        Assert.Null(elf.Soname);
        Assert.True(elf.Is64Bit);
    }

    internal static ElfInfo Read(string path)
    {
        using var handle = File.OpenHandle(path);
        return ElfReader.Read(handle, path);
    }

    private static void ReadOrInvalid(string path)
    {
        try
        {
            Read(path);
        }
        catch (InvalidElfException)
        {
        }
    }
}
