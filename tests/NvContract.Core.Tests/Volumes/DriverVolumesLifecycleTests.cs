using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

public class DriverVolumesLifecycleTests
{
    private const string Name = "nvidia_driver_" + DriverVolumesFixture.Version;

    [Fact]
    public async Task RemoveAsync_Existing_DeletesOnlyThatVersion()
    {
        using var f = new DriverVolumesFixture();
        await f.Volumes.CreateAsync(Name);
        Directory.CreateDirectory(f.Mountpoint("375.26"));

        await f.Volumes.RemoveAsync(Name);

        Assert.False(Directory.Exists(f.Mountpoint()));
        Assert.True(Directory.Exists(f.Mountpoint("375.26")));
        Assert.True(File.Exists(f.Root.Host($"/usr/lib/x86_64-linux-gnu/libcuda.so.{DriverVolumesFixture.Version}")));
    }

    [Fact]
    public async Task RemoveAsync_Missing_IsNotAnError()
    {
        using var f = new DriverVolumesFixture();

        await f.Volumes.RemoveAsync("nvidia_driver_1.2.3");

        Assert.False(Directory.Exists(f.Volumes.BaseDirectory));
    }

    [Fact]
    public async Task RemoveAsync_SymlinkInsideTheVolume_IsUnlinkedNotFollowed()
    {
        using var f = new DriverVolumesFixture();
        using var outside = new TempFolder();
        File.WriteAllText(outside.Combine("precious"), "keep");
        Directory.CreateDirectory(f.Mountpoint("1.0"));
        Directory.CreateSymbolicLink(Path.Join(f.Mountpoint("1.0"), "lib64"), outside.Path);

        await f.Volumes.RemoveAsync("nvidia_driver_1.0");

        Assert.True(File.Exists(outside.Combine("precious")));
        Assert.False(Directory.Exists(f.Mountpoint("1.0")));
    }

    [Fact]
    public async Task RemoveAsync_SymlinkedVersionFolder_IsUnlinkedNotFollowed()
    {
        using var f = new DriverVolumesFixture();
        using var outside = new TempFolder();
        File.WriteAllText(outside.Combine("precious"), "keep");
        Directory.CreateDirectory(f.Volumes.BaseDirectory);
        Directory.CreateSymbolicLink(f.Mountpoint("2.0"), outside.Path);

        await f.Volumes.RemoveAsync("nvidia_driver_2.0");

        Assert.True(File.Exists(outside.Combine("precious")));
        Assert.False(new FileInfo(f.Mountpoint("2.0")).Exists || Directory.Exists(f.Mountpoint("2.0")));
    }

    [Fact]
    public async Task RemoveAsync_FileInPlaceOfTheVersionFolder_IsDeleted()
    {
        using var f = new DriverVolumesFixture();
        Directory.CreateDirectory(f.Volumes.BaseDirectory);
        File.WriteAllText(f.Mountpoint("3.0"), "stray");

        await f.Volumes.RemoveAsync("nvidia_driver_3.0");

        Assert.False(File.Exists(f.Mountpoint("3.0")));
    }

    [Fact]
    public async Task RemoveAsync_DotDotVersion_IsRejectedAndDeletesNothing()
    {
        using var f = new DriverVolumesFixture();
        await f.Volumes.CreateAsync(Name);

        var e = await Assert.ThrowsAsync<Core.Volumes.BadVolumeFormatException>(() => f.Volumes.RemoveAsync("nvidia_driver_.."));

        Assert.Equal("bad volume format: nvidia_driver_..", e.Message);
        Assert.True(Directory.Exists(f.Mountpoint()));
    }

    [Fact]
    public async Task GetMountpoint_AnyExistingVersion_ReturnsItsFolder()
    {
        using var f = new DriverVolumesFixture();
        Directory.CreateDirectory(f.Mountpoint("375.26"));

        Assert.Equal(f.Mountpoint("375.26"), f.Volumes.GetMountpoint("nvidia_driver_375.26"));
        var e = await Assert.ThrowsAsync<Core.Volumes.VolumeNotFoundException>(() => Task.FromResult(f.Volumes.GetMountpoint(Name)));
        Assert.Equal($"no such volume: {Name}", e.Message);
    }

    [Fact]
    public void List_CompleteVersions_SortedByNameWithoutTemporaryFolders()
    {
        using var f = new DriverVolumesFixture();
        Directory.CreateDirectory(f.Mountpoint("550.54.15"));
        Directory.CreateDirectory(f.Mountpoint("375.26"));
        Directory.CreateDirectory(f.Mountpoint(".tmp-560.1-abc"));
        File.WriteAllText(f.Mountpoint("README"), "not a volume");

        var volumes = f.Volumes.List();

        Assert.Equal(
            [("nvidia_driver_375.26", f.Mountpoint("375.26")), ("nvidia_driver_550.54.15", f.Mountpoint("550.54.15"))],
            volumes.Select(v => (v.Name, v.Mountpoint)));
    }

    [Fact]
    public void List_NoVolumesFolder_IsEmpty()
    {
        using var f = new DriverVolumesFixture();

        Assert.Empty(f.Volumes.List());
    }

    [Fact]
    public void CleanStale_UnfinishedBuilds_AreRemovedAndVolumesKept()
    {
        using var f = new DriverVolumesFixture();
        Directory.CreateDirectory(Path.Join(f.Mountpoint(".tmp-550.54.15-0123"), "lib64"));
        Directory.CreateDirectory(f.Mountpoint(".tmp-rm-375.26-4567"));
        Directory.CreateDirectory(f.Mountpoint("375.26"));

        f.Volumes.CleanStale();

        Assert.Equal([f.Mountpoint("375.26")], Directory.GetFileSystemEntries(f.Volumes.BaseDirectory));
    }
}
