using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

/// <summary>A volumes folder (-d) inside the driver's own folders is refused; discovery says which folders those are.</summary>
public sealed class VolumesLocationTests : IDisposable
{
    private readonly FakeDriverRoot _root = FakeDriverRoot.WithDriver(DriverVolumesFixture.Version);
    private readonly TempFolder _scratch = new();
    private readonly LogCapture _log = new();

    private string Lib64 => _root.Host(FakeDriverRoot.Lib64);

    private DriverVolumes VolumesAt(string volumesDirectory) =>
        new(volumesDirectory, new DriverDiscovery(_root.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance), new FakeGpuSource(DriverVolumesFixture.Version), _log.Factory.CreateLogger<DriverVolumes>());

    public static TheoryData<string, string, string> Refused => new()
    {
        { "below the 64-bit library folder", $"{FakeDriverRoot.Lib64}/vols", FakeDriverRoot.Lib64 },
        { "two levels below, not there yet", $"{FakeDriverRoot.Lib64}/a/b", FakeDriverRoot.Lib64 },
        { "the 32-bit library folder itself", FakeDriverRoot.Lib32, FakeDriverRoot.Lib32 },
        { "below the binaries' folder", $"{FakeDriverRoot.BinDir}/vols", FakeDriverRoot.BinDir },
        { "dot-dot back into it", $"{FakeDriverRoot.Lib64}/../x86_64-linux-gnu/vols", FakeDriverRoot.Lib64 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void EnsureOutsideDriverFolders_Inside_RefusedNamingBothPaths(string description, string volumesInRoot, string driverFolderInRoot)
    {
        var volumes = VolumesAt(_root.Host(volumesInRoot));

        var e = Assert.Throws<VolumesInsideDriverFolderException>(volumes.EnsureOutsideDriverFolders);

        var inside = volumes.VolumesDirectory == _root.Host(driverFolderInRoot) ? string.Empty : "inside ";
        Assert.True(
            e.Message.StartsWith($"-d {volumes.VolumesDirectory} is {inside}the driver folder {_root.Host(driverFolderInRoot)}, where ", StringComparison.Ordinal),
            $"{description}: {e.Message}");
        Assert.False(Directory.Exists(volumes.VolumesDirectory) && volumes.VolumesDirectory != _root.Host(driverFolderInRoot), description);
    }

    [Fact]
    public void EnsureOutsideDriverFolders_ThroughASymlink_RefusedNamingTheRealPath()
    {
        var link = _scratch.Combine("link");
        Directory.CreateSymbolicLink(link, Lib64);
        var volumes = VolumesAt(Path.Join(link, "vols"));

        var e = Assert.Throws<VolumesInsideDriverFolderException>(volumes.EnsureOutsideDriverFolders);

        Assert.StartsWith($"-d {link}/vols (really {Lib64}/vols) is inside the driver folder {Lib64}, where ", e.Message);
    }

    [Fact]
    public void EnsureOutsideDriverFolders_ADriverFolderReachedThroughASymlink_StillRefused()
    {
        // The cache names a folder that is a symlink to one of another name: the real folders are compared.
        var real = _root.Host("/usr/lib32-real");
        Directory.Move(_root.Host(FakeDriverRoot.Lib32), real);
        Directory.CreateSymbolicLink(_root.Host(FakeDriverRoot.Lib32), "../lib32-real");
        var volumes = VolumesAt(Path.Join(real, "vols"));

        var e = Assert.Throws<VolumesInsideDriverFolderException>(volumes.EnsureOutsideDriverFolders);

        Assert.StartsWith($"-d {real}/vols is inside the driver folder {real}, where ", e.Message);
    }

    [Fact]
    public void EnsureOutsideDriverFolders_AbsoluteSymlinkInsideTheDriverRoot_ResolvedInsideIt()
    {
        // An absolute symlink in a driver root (a driver container's) points inside that root, not at the host's folder of that name.
        var real = _root.Host("/usr/lib32-real");
        Directory.Move(_root.Host(FakeDriverRoot.Lib32), real);
        Directory.CreateSymbolicLink(_root.Host(FakeDriverRoot.Lib32), "/usr/lib32-real");
        var volumes = VolumesAt(Path.Join(real, "vols"));

        var e = Assert.Throws<VolumesInsideDriverFolderException>(volumes.EnsureOutsideDriverFolders);

        Assert.StartsWith($"-d {real}/vols is inside the driver folder {real}, where ", e.Message);
    }

    [Theory]
    [InlineData("a sibling sharing the folder's name as a prefix", "/usr/lib/x86_64-linux-gnu-vols")]
    [InlineData("the parent of a driver folder", "/usr/lib")]
    [InlineData("a folder no driver file is in", "/var/lib/nvidia-docker/volumes")]
    public void EnsureOutsideDriverFolders_Outside_Accepted(string description, string volumesInRoot)
    {
        var volumes = VolumesAt(_root.Host(volumesInRoot));

        var e = Record.Exception(volumes.EnsureOutsideDriverFolders);

        Assert.True(e is null, $"{description}: {e?.Message}");
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void EnsureOutsideDriverFolders_NoLibraryCache_SkippedWithAWarning()
    {
        File.Delete(_root.Host("/etc/ld.so.cache"));
        var volumes = VolumesAt(_root.Host($"{FakeDriverRoot.Lib64}/vols"));

        volumes.EnsureOutsideDriverFolders();

        var warning = Assert.Single(_log.Entries);
        Assert.StartsWith($"Cannot check that {volumes.VolumesDirectory} is outside the driver's folders: no ld.so.cache in the driver root", warning.Message);
    }

    [Theory]
    [InlineData("relative link", "a/link/x", "a/real/x")]
    [InlineData("absolute link, missing tail", "a/abs/missing/deeper", "a/real/missing/deeper")]
    [InlineData("dot-dot after a link leaves its target", "a/link/../real/x", "a/real/x")]
    [InlineData("nothing to resolve", "a/real", "a/real")]
    public void RealPath_Links_ResolvedWithMissingPartsKept(string description, string path, string expected)
    {
        Directory.CreateDirectory(_scratch.Combine("a/real"));
        Directory.CreateSymbolicLink(_scratch.Combine("a/link"), "real");
        Directory.CreateSymbolicLink(_scratch.Combine("a/abs"), _scratch.Combine("a/real"));

        var real = VolumesLocation.RealPath(_scratch.Combine(path));

        Assert.True(VolumesLocation.RealPath(_scratch.Combine(expected)) == real, $"{description}: {real}");
        Assert.EndsWith(expected, real);
    }

    public void Dispose()
    {
        _root.Dispose();
        _scratch.Dispose();
        _log.Dispose();
    }
}
