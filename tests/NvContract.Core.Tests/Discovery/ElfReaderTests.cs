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

        var elf = ElfReader.Read(glx);

        Assert.Equal("libGLX_nvidia.so.0", elf.Soname);
        Assert.Contains("libnvidia-glcore.so.550.54.15", elf.Needed);
        Assert.Contains("libc.so.6", elf.Needed);
    }

    [Fact]
    public void Read_I386Library_ReturnsSoname()
    {
        using var root = new FakeDriverRoot();
        var lib = root.AddLibrary(FakeDriverRoot.Lib32, "libcuda.so.550.54.15", "libcuda.so.1", i386: true);

        Assert.Equal("libcuda.so.1", ElfReader.Read(lib).Soname);
    }

    [Fact]
    public void Read_Executable_HasNoSoname()
    {
        using var root = new FakeDriverRoot();

        var elf = ElfReader.Read(root.AddBinary("nvidia-smi"));

        Assert.Null(elf.Soname);
        Assert.Contains("libc.so.6", elf.Needed);
    }

    [Fact]
    public void Read_AbiTagNote_ReturnsItsBytes()
    {
        using var root = new FakeDriverRoot();
        var tls = root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-tls.so.550.54.15", null, abiTag: "2,3,99");

        var tag = ElfReader.Read(tls).AbiTag;

        Assert.NotNull(tag);
        Assert.Equal([0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 99, 0, 0, 0], tag.AsSpan(16, 16).ToArray());
    }

    [Fact]
    public void Read_TextFile_ThrowsInvalidElf()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("nvidia-smi");
        File.WriteAllText(path, "#!/bin/sh\necho wrapper\n");

        var e = Assert.Throws<InvalidElfException>(() => ElfReader.Read(path));
        Assert.Contains("not an ELF file", e.Message);
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

    private static void ReadOrInvalid(string path)
    {
        try
        {
            ElfReader.Read(path);
        }
        catch (InvalidElfException)
        {
        }
    }
}
