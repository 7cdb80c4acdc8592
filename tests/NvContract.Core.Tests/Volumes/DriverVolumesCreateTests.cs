using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

public class DriverVolumesCreateTests
{
    private const string V = DriverVolumesFixture.Version;
    private const string Name = "nvidia_driver_" + V;

    [Fact]
    public async Task CreateAsync_FakeDriver_BuildsV1Layout()
    {
        using var f = new DriverVolumesFixture();

        await f.Volumes.CreateAsync(Name);

        var m = f.Mountpoint();
        Assert.Equal(["bin", "lib", "lib64"], Directory.GetDirectories(m).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["nvidia-debugdump", "nvidia-smi"], Entries(m, "bin"));
        Assert.Equal(["libcuda.so", "libcuda.so.1", $"libcuda.so.{V}"], Entries(m, "lib"));
        Assert.Equal(
            [
                "libGLX_indirect.so.0", "libGLX_nvidia.so.0", $"libGLX_nvidia.so.{V}", "libcuda.so", "libcuda.so.1", $"libcuda.so.{V}",
                $"libnvidia-glcore.so.{V}", "libnvidia-ml.so.1", $"libnvidia-ml.so.{V}", $"libnvidia-tls.so.{V}",
            ],
            Entries(m, "lib64"));
        Assert.Equal($"libcuda.so.{V}", new FileInfo(Path.Join(m, "lib64/libcuda.so")).LinkTarget);
        Assert.Equal($"libcuda.so.{V}", new FileInfo(Path.Join(m, "lib64/libcuda.so.1")).LinkTarget);
        Assert.Equal($"libGLX_nvidia.so.{V}", new FileInfo(Path.Join(m, "lib64/libGLX_indirect.so.0")).LinkTarget);
    }

    [Fact]
    public async Task CreateAsync_SameFilesystem_HardLinksTheRealFiles()
    {
        using var f = new DriverVolumesFixture();

        await f.Volumes.CreateAsync(Name);

        var source = new FileInfo(f.Root.Host($"/usr/lib/x86_64-linux-gnu/libcuda.so.{V}"));
        Assert.Equal(Inode(source.FullName), Inode(Path.Join(f.Mountpoint(), $"lib64/libcuda.so.{V}")));
        Assert.DoesNotContain(f.Log.Entries, e => e.Message.Contains("copying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_Folders_AreMode0755()
    {
        using var f = new DriverVolumesFixture();

        await f.Volumes.CreateAsync(Name);

        foreach (var folder in new[] { "", "bin", "lib", "lib64" })
        {
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Join(f.Mountpoint(), folder)));
        }
    }

    [Fact]
    public async Task CreateAsync_ExistingVolumesFolder_KeepsItsMode()
    {
        using var f = new DriverVolumesFixture();
        Directory.CreateDirectory(f.Volumes.VolumesDirectory);
        File.SetUnixFileMode(f.Volumes.VolumesDirectory, (UnixFileMode)0b111_001_001);

        await f.Volumes.CreateAsync(Name);

        Assert.Equal((UnixFileMode)0b111_001_001, File.GetUnixFileMode(f.Volumes.VolumesDirectory));
        Assert.Contains(f.Log.Entries, e => e.Message == $"Created volume {Name}: 2 binaries, 1 32-bit and 5 64-bit libraries");
    }

    [Fact]
    public async Task CreateAsync_OtherVersion_ThrowsInvalidVolumeVersionAndCreatesNothing()
    {
        using var f = new DriverVolumesFixture();

        var e = await Assert.ThrowsAsync<VolumeVersionMismatchException>(() => f.Volumes.CreateAsync("nvidia_driver_375.26"));

        Assert.Equal("invalid volume version: nvidia_driver_375.26", e.Message);
        Assert.False(Directory.Exists(f.Volumes.BaseDirectory));
    }

    [Theory]
    [InlineData("nvidia_driver_..")]
    [InlineData("nvidia_driver_.")]
    [InlineData("nvidia_driver")]
    public async Task CreateAsync_BadName_ThrowsBadVolumeFormatAndCreatesNothing(string name)
    {
        using var f = new DriverVolumesFixture();

        var e = await Assert.ThrowsAsync<BadVolumeFormatException>(() => f.Volumes.CreateAsync(name));

        Assert.Equal($"bad volume format: {name}", e.Message);
        Assert.False(Directory.Exists(f.Volumes.VolumesDirectory));
    }

    [Fact]
    public async Task CreateAsync_Existing_LeavesItUntouched()
    {
        using var f = new DriverVolumesFixture();
        await f.Volumes.CreateAsync(Name);
        var marker = Path.Join(f.Mountpoint(), "bin/marker");
        File.WriteAllText(marker, "kept");

        await f.Volumes.CreateAsync(Name);

        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task CreateAsync_ConcurrentCalls_BuildOnce()
    {
        var links = 0;
        using var f = new DriverVolumesFixture(link: (s, d) =>
        {
            Interlocked.Increment(ref links);
            Thread.Sleep(5);
            File.Copy(s, d);
            return 0;
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => f.Volumes.CreateAsync(Name))));

        Assert.Equal(8, links);
        Assert.Single(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
    }

    [Fact]
    public async Task CreateAsync_LinkFails_LeavesNoVolumeAndNoTemporaryFolder()
    {
        using var f = new DriverVolumesFixture(link: (_, _) => 5 /* EIO */);

        var e = await Assert.ThrowsAsync<IOException>(() => f.Volumes.CreateAsync(Name));

        Assert.StartsWith($"failed to create volume {Name}: failed to link", e.Message);
        // The build works through the opened volumes folder, but the message names it by its path.
        Assert.Contains($" {f.Volumes.BaseDirectory}/.tmp-{V}-", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
        Assert.Empty(f.Volumes.List());
    }

    [Theory]
    [InlineData(18, "EXDEV")]
    [InlineData(1, "EPERM")]
    public async Task CreateAsync_LinkRefused_CopiesKeepingModeAndLogsOnce(int errno, string description)
    {
        using var f = new DriverVolumesFixture(link: (_, _) => errno);

        await f.Volumes.CreateAsync(Name);

        var copy = Path.Join(f.Mountpoint(), "bin/nvidia-smi");
        var source = f.Root.Host("/usr/bin/nvidia-smi");
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));
        Assert.Equal(File.GetUnixFileMode(source), File.GetUnixFileMode(copy));
        Assert.NotEqual(Inode(source), Inode(copy));
        Assert.True(1 == f.Log.Entries.Count(e => e.Message.StartsWith("Cannot hard-link driver files", StringComparison.Ordinal)), description);
    }

    [CrossFilesystemFact]
    public async Task CreateAsync_VolumesOnAnotherFilesystem_CopiesInsteadOfFailing()
    {
        using var f = new DriverVolumesFixture(volumesParent: CrossFilesystemFactAttribute.Folder);

        await f.Volumes.CreateAsync(Name);

        Assert.True(File.Exists(Path.Join(f.Mountpoint(), $"lib64/libcuda.so.{V}")));
        Assert.Contains(f.Log.Entries, e => e.Message.Contains("Invalid cross-device link", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CreateAsync_NonElfCandidate_IsSkippedWithAWarning()
    {
        using var f = new DriverVolumesFixture();
        var smi = f.Root.Host("/usr/bin/nvidia-smi");
        File.WriteAllText(smi, "#!/bin/sh\n");

        await f.Volumes.CreateAsync(Name);

        Assert.Equal(["nvidia-debugdump"], Entries(f.Mountpoint(), "bin"));
        Assert.Contains(f.Log.Entries, e => e.Message.StartsWith($"Skipping {smi}: not an ELF file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_DriverUpgraded_CreatesTheNewVersionAndKeepsTheOld()
    {
        using var f = new DriverVolumesFixture();
        await f.Volumes.CreateAsync(Name);
        f.Root.AddLibrary("/usr/lib/x86_64-linux-gnu", "libcuda.so.560.28.03", "libcuda.so.1");
        File.Delete(f.Root.Host($"/usr/lib/x86_64-linux-gnu/libcuda.so.{V}"));
        f.Root.RunLdconfig();
        f.Gpus.Driver = "560.28.03";

        await f.Volumes.CreateAsync("nvidia_driver_560.28.03");

        Assert.Contains("libcuda.so.560.28.03", Entries(f.Mountpoint("560.28.03"), "lib64"));
        Assert.Equal(f.Mountpoint(), f.Volumes.GetMountpoint(Name));
        await Assert.ThrowsAsync<VolumeVersionMismatchException>(() => f.Volumes.CreateAsync("nvidia_driver_550.54.16"));
    }

    private static IEnumerable<string?> Entries(string mountpoint, string folder) =>
        Directory.GetFileSystemEntries(Path.Join(mountpoint, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal);

    private static (long Device, long Inode) Inode(string path)
    {
        var output = NvContract.Testing.Tool.Run("stat", "-c", "%d %i", path).Split(' ');
        return (long.Parse(output[0]), long.Parse(output[1]));
    }
}
