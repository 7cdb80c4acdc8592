using Microsoft.Extensions.Logging;
using NvContract.Core.Discovery;
using NvContract.Core.Tests.Discovery;
using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

/// <summary>What a build takes from a hostile or damaged driver root, and what it leaves when it fails.</summary>
public class DriverVolumesBuildTests
{
    private const string V = DriverVolumesFixture.Version;
    private const string Name = "nvidia_driver_" + V;
    private const string Lib64 = FakeDriverRoot.Lib64;
    private const string Lib32 = FakeDriverRoot.Lib32;

    public static TheoryData<bool> Walks => new() { false, true };

    [Theory]
    [MemberData(nameof(Walks))]
    public async Task CreateAsync_FolderSwappedForALinkOutOfTheRootAfterABuild_TakesNothingFromOutside(bool walk)
    {
        using var f = new DriverVolumesFixture(walkPaths: walk);
        using var outside = new TempFolder();
        await f.Volumes.CreateAsync(Name);
        Assert.Contains($"libcuda.so.{V}", Entries(f.Mountpoint(), "lib"));
        await f.Volumes.RemoveAsync(Name);

        // Same ld.so.cache, but the 32-bit folder is now an absolute link to a folder outside the root.
        var moved = outside.Combine("i386");
        Directory.Move(f.Root.Host(Lib32), moved);
        Directory.CreateSymbolicLink(f.Root.Host(Lib32), moved);
        await f.Volumes.CreateAsync(Name);

        Assert.Empty(Entries(f.Mountpoint(), "lib"));
        var outsideFiles = Directory.GetFiles(moved).Select(Inode).ToHashSet();
        Assert.DoesNotContain(Directory.GetFiles(f.Mountpoint(), "*", SearchOption.AllDirectories).Select(Inode), outsideFiles.Contains);
    }

    [Theory]
    [MemberData(nameof(Walks))]
    public async Task CreateAsync_LibraryFolderSwappedForARelativeLinkOutOfTheRoot_FailsWithoutOutsideFiles(bool walk)
    {
        using var f = new DriverVolumesFixture(walkPaths: walk);
        using var outside = new TempFolder();
        await f.Volumes.CreateAsync(Name);
        await f.Volumes.RemoveAsync(Name);

        var moved = outside.Combine("x86_64");
        Directory.Move(f.Root.Host(Lib64), moved);
        Directory.CreateSymbolicLink(f.Root.Host(Lib64), Path.GetRelativePath(f.Root.Host("/usr/lib"), moved));
        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.Equal(
            $"required library libcuda.so.1 is unusable: {f.Root.Host($"{Lib64}/libcuda.so.1")}: no such file: {Name}",
            e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
    }

    public static TheoryData<string, Action<FakeDriverRoot, string>, string> UnusableLibraries => new()
    {
        { "a FIFO", (_, file) => MakeFifo(file), "not a regular file (FIFO)" },
        { "a text file", (_, file) => File.WriteAllText(file, "not a library"), "not an ELF file (bad magic)" },
        {
            "an ELF with 60000 sections",
            (_, file) => CraftedElf.Write(file, [new(CraftedElf.SectionTypeDynamic, 0, 16, 1)], 1 << 16, 60000),
            $"too many section headers (60000, at most {ElfReader.MaxSections})"
        },
        { "a 32-bit ELF", (root, file) => File.Copy(root.Host($"{Lib32}/libcuda.so.{V}"), file, true), "not a 64-bit ELF file (listed as a 64-bit library)" },
    };

    [Theory]
    [MemberData(nameof(UnusableLibraries))]
    public async Task CreateAsync_OptionalLibraryUnusable_IsSkippedWithOneWarning(string description, Action<FakeDriverRoot, string> damage, string reason)
    {
        using var f = new DriverVolumesFixture();
        var glcore = f.Root.Host($"{Lib64}/libnvidia-glcore.so.{V}");
        File.Delete(glcore);
        damage(f.Root, glcore);

        await f.Volumes.CreateAsync(Name);

        Assert.DoesNotContain($"libnvidia-glcore.so.{V}", Entries(f.Mountpoint(), "lib64"));
        Assert.Contains($"libcuda.so.{V}", Entries(f.Mountpoint(), "lib64"));
        var warnings = f.Log.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.True(warnings.SequenceEqual([$"Skipping {glcore}: {reason}"]), $"{description}: {string.Join('\n', warnings)}");
    }

    [Theory]
    [MemberData(nameof(UnusableLibraries))]
    public async Task CreateAsync_RequiredLibraryUnusable_FailsNamingItAndLeavesNothing(string description, Action<FakeDriverRoot, string> damage, string reason)
    {
        using var f = new DriverVolumesFixture();
        var cuda = f.Root.Host($"{Lib64}/libcuda.so.{V}");
        File.Delete(cuda);
        damage(f.Root, cuda);

        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.True($"required library libcuda.so.1 is unusable: {cuda}: {reason}: {Name}" == e.Message, $"{description}: {e.Message}");
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
        await f.Volumes.RemoveAsync(Name);
        Assert.Throws<VolumeNotFoundException>(() => f.Volumes.GetMountpoint(Name));
    }

    [Fact]
    public async Task CreateAsync_RequiredLibraryNotInTheCache_FailsNamingIt()
    {
        using var f = new DriverVolumesFixture();
        File.Delete(f.Root.Host($"{Lib64}/libnvidia-ml.so.{V}"));
        File.Delete(f.Root.Host($"{Lib64}/libnvidia-ml.so.1"));
        f.Root.RunLdconfig();

        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.Equal($"required library libnvidia-ml.so.1 not found in the driver's ld.so.cache: {Name}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
        Assert.Contains(f.Log.Entries, l => l.Message == $"Cannot create volume {Name}: required library libnvidia-ml.so.1 not found in the driver's ld.so.cache");
    }

    [Fact]
    public async Task CreateAsync_LdCacheOverTheCap_FailsBeforeReadingItAndLeavesNothing()
    {
        using var f = new DriverVolumesFixture();
        using (var cache = new FileStream(f.Root.Host("/etc/ld.so.cache"), FileMode.Open, FileAccess.Write))
        {
            cache.SetLength(192L << 20);
        }

        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.Equal($"invalid ld.so.cache file: too large ({192L << 20} bytes, at most {LdCache.MaxBytes}): {Name}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
    }

    [Fact]
    public async Task CreateAsync_NoLdCache_FailsNamingIt()
    {
        using var f = new DriverVolumesFixture();
        File.Delete(f.Root.Host("/etc/ld.so.cache"));

        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.Equal($"no ld.so.cache in the driver root: {f.Root.Host("/etc/ld.so.cache")} not found: {Name}", e.Message);
    }

    [Fact]
    public async Task CreateAsync_PastTheDeadline_FailsLeavesNothingAndFreesTheVolume()
    {
        var clock = new ManualClock();
        using var f = new DriverVolumesFixture(link: (s, d) =>
        {
            // Each file seems to take a minute: the build is cut off after the first.
            clock.Advance(TimeSpan.FromMinutes(1));
            File.Copy(s, d);
            return 0;
        });
        f.Volumes.Clock = clock;

        var e = await Assert.ThrowsAsync<VolumeBuildException>(() => f.Volumes.CreateAsync(Name));

        Assert.Equal($"volume build took longer than 60 s: {Name}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
        f.Volumes.BuildTimeout = TimeSpan.FromDays(1);
        await f.Volumes.CreateAsync(Name);
        Assert.True(Directory.Exists(f.Mountpoint()));
    }

    [Fact]
    public async Task CreateAsync_CopiedSetuidAndSetgidFiles_LoseThoseBits()
    {
        using var f = new DriverVolumesFixture(link: (_, _) => 1 /* EPERM */);
        var smi = f.Root.Host("/usr/bin/nvidia-smi");
        var cuda = f.Root.Host($"{Lib64}/libcuda.so.{V}");
        File.SetUnixFileMode(smi, (UnixFileMode)0b100_111_101_101); // 04755
        File.SetUnixFileMode(cuda, (UnixFileMode)0b011_111_101_101); // 03755

        await f.Volumes.CreateAsync(Name);

        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Join(f.Mountpoint(), "bin/nvidia-smi")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Join(f.Mountpoint(), $"lib64/libcuda.so.{V}")));
        Assert.Equal((UnixFileMode)0b100_111_101_101, File.GetUnixFileMode(smi));
    }

    [Fact]
    public async Task CreateAsync_SeveralNamesForOneFile_PlacesItOnceWithoutWarnings()
    {
        using var f = new DriverVolumesFixture();
        File.CreateSymbolicLink(f.Root.Host($"{Lib64}/libcuda.so"), "libcuda.so.1");
        f.Root.RunLdconfig();
        Directory.CreateDirectory(f.Root.Host("/usr/local/bin"));
        File.CreateSymbolicLink(f.Root.Host("/usr/local/bin/nvidia-debugdump"), "/usr/bin/nvidia-smi");

        await f.Volumes.CreateAsync(Name);

        Assert.Equal(["nvidia-smi"], Entries(f.Mountpoint(), "bin"));
        Assert.Single(Entries(f.Mountpoint(), "lib64"), n => n == $"libcuda.so.{V}");
        Assert.DoesNotContain(f.Log.Entries, e => e.Level == LogLevel.Warning);
    }

    private static void MakeFifo(string path) => Tool.Run("mkfifo", "-m", "755", path);

    private static IEnumerable<string?> Entries(string mountpoint, string folder) =>
        Directory.GetFileSystemEntries(Path.Join(mountpoint, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal);

    private static (long Device, long Inode) Inode(string path)
    {
        var output = Tool.Run("stat", "-L", "-c", "%d %i", path).Split(' ');
        return (long.Parse(output[0]), long.Parse(output[1]));
    }
}
