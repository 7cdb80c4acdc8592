using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

/// <summary>Symlinks and files where volume folders belong: never followed, listed or mounted.</summary>
public sealed class DriverVolumesFolderTests : IDisposable
{
    private const string V = DriverVolumesFixture.Version;
    private const string Name = "nvidia_driver_" + V;

    private readonly DriverVolumesFixture _f = new();
    private readonly TempFolder _outside = new();

    /// <summary>Puts a symlink to a folder outside at &lt;-d&gt;/nvidia_driver, holding a volume, a stray build and a precious file.</summary>
    private void LinkBaseOutside()
    {
        Directory.CreateDirectory(Path.Join(_outside.Path, V, "lib64"));
        Directory.CreateDirectory(Path.Join(_outside.Path, ".tmp-1.0-abc"));
        File.WriteAllText(Path.Join(_outside.Path, V, "lib64", "precious"), "keep");
        File.WriteAllText(Path.Join(_outside.Path, ".tmp-1.0-abc", "precious"), "keep");
        Directory.CreateDirectory(_f.Volumes.VolumesDirectory);
        Directory.CreateSymbolicLink(_f.Volumes.BaseDirectory, _outside.Path);
    }

    private string SymlinkError(string path) => $"{path} is a symlink, not a folder: refusing to use it";

    private string[] OutsideEntries() =>
        Directory.GetFileSystemEntries(_outside.Path, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(_outside.Path, p)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task SymlinkedBase_EveryOperation_FailsNamingItAndTouchesNothingBehindIt()
    {
        LinkBaseOutside();
        var before = OutsideEntries();

        var create = await Assert.ThrowsAsync<UnusableVolumeFolderException>(() => _f.Volumes.CreateAsync(Name));
        var remove = await Assert.ThrowsAsync<UnusableVolumeFolderException>(() => _f.Volumes.RemoveAsync(Name));
        var get = Assert.Throws<UnusableVolumeFolderException>(() => _f.Volumes.GetMountpoint(Name));
        var list = Assert.Throws<UnusableVolumeFolderException>(() => _f.Volumes.List());

        Assert.All([create, remove, get, list], e => Assert.Equal(SymlinkError(_f.Volumes.BaseDirectory), e.Message));
        Assert.Equal(before, OutsideEntries());
        Assert.Equal(["precious"], Directory.GetFileSystemEntries(Path.Join(_outside.Path, V, "lib64")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task BaseSwappedForASymlinkDuringABuild_WritesNothingBehindIt()
    {
        DriverVolumesFixture? f = null;
        string? moved = null;
        using var fixture = f = new DriverVolumesFixture(link: (source, destination) =>
        {
            File.Copy(source, destination);

            // Once bin/ is done (nvidia-smi is the last binary), <-d>/nvidia_driver moves away and a
            // symlink to a folder outside takes its place, before lib/ and lib64/ are made.
            if (Path.GetFileName(destination) == "nvidia-smi")
            {
                moved = f!.Folder.Combine("moved");
                Directory.Move(f.Volumes.BaseDirectory, moved);
                Directory.CreateSymbolicLink(f.Volumes.BaseDirectory, _outside.Path);
            }

            return 0;
        });

        await f.Volumes.CreateAsync(Name);

        Assert.NotNull(moved);
        Assert.Empty(OutsideEntries());
        Assert.Equal([V], Directory.GetFileSystemEntries(moved).Select(Path.GetFileName));
        Assert.True(File.Exists(Path.Join(moved, V, "lib64", $"libcuda.so.{V}")));
    }

    [Fact]
    public void SymlinkedBase_CleanStale_DeletesNothingBehindItAndWarns()
    {
        LinkBaseOutside();
        var before = OutsideEntries();

        _f.Volumes.CleanStale();

        Assert.Equal(before, OutsideEntries());
        Assert.Contains(_f.Log.Entries, e => e.Message == $"Not removing unfinished volume folders: {SymlinkError(_f.Volumes.BaseDirectory)}");
    }

    [Fact]
    public async Task FileAsBase_CreateAndList_SayItIsNotAFolder()
    {
        Directory.CreateDirectory(_f.Volumes.VolumesDirectory);
        File.WriteAllText(_f.Volumes.BaseDirectory, "not a folder");

        var create = await Assert.ThrowsAsync<UnusableVolumeFolderException>(() => _f.Volumes.CreateAsync(Name));
        var list = Assert.Throws<UnusableVolumeFolderException>(() => _f.Volumes.List());

        Assert.Equal($"{_f.Volumes.BaseDirectory} is not a folder: refusing to use it", create.Message);
        Assert.Equal(create.Message, list.Message);
        Assert.Equal("not a folder", File.ReadAllText(_f.Volumes.BaseDirectory));
    }

    [Fact]
    public async Task SymlinkedVersionFolder_NotListedNotReturnedAndCreateRefuses()
    {
        Directory.CreateDirectory(Path.Join(_outside.Path, "lib64"));
        Directory.CreateDirectory(_f.Mountpoint("375.26"));
        Directory.CreateSymbolicLink(_f.Mountpoint(), _outside.Path);

        var list = _f.Volumes.List();
        var get = Assert.Throws<UnusableVolumeFolderException>(() => _f.Volumes.GetMountpoint(Name));
        var create = await Assert.ThrowsAsync<UnusableVolumeFolderException>(() => _f.Volumes.CreateAsync(Name));

        Assert.Equal(["nvidia_driver_375.26"], list.Select(v => v.Name));
        Assert.Equal(SymlinkError(_f.Mountpoint()), get.Message);
        Assert.Equal(SymlinkError(_f.Mountpoint()), create.Message);
        Assert.Equal(["lib64"], Directory.GetFileSystemEntries(_outside.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task FileAsVersionFolder_GetSaysWhatItIs()
    {
        Directory.CreateDirectory(_f.Volumes.BaseDirectory);
        File.WriteAllText(_f.Mountpoint(), "stray");

        var get = Assert.Throws<UnusableVolumeFolderException>(() => _f.Volumes.GetMountpoint(Name));
        var create = await Assert.ThrowsAsync<UnusableVolumeFolderException>(() => _f.Volumes.CreateAsync(Name));

        Assert.Equal($"{_f.Mountpoint()} is not a folder: refusing to use it", get.Message);
        Assert.Equal(get.Message, create.Message);
    }

    [Fact]
    public async Task SymlinkedVolumesFolder_IsTheAdministratorsChoiceAndWorks()
    {
        // Only <-d>/nvidia_driver and what is below it are refused as symlinks; -d itself may be one.
        var real = _f.Folder.Combine("real-volumes");
        Directory.CreateDirectory(real);
        Directory.CreateSymbolicLink(_f.Volumes.VolumesDirectory, real);

        await _f.Volumes.CreateAsync(Name);

        Assert.Equal([Name], _f.Volumes.List().Select(v => v.Name));
        Assert.True(File.Exists(Path.Join(real, "nvidia_driver", V, "lib64", $"libcuda.so.{V}")));
    }

    public void Dispose()
    {
        _f.Dispose();
        _outside.Dispose();
    }
}
