using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

/// <summary>The spec's driver files are the driver volume's, chosen by one rule, under the same names.</summary>
public class CdiVolumeParityTests
{
    private const string Version = CdiHost.Version;

    [Fact]
    public async Task Generate_DriverFiles_ExactlyTheVolumesFilesUnderTheVolumesNames()
    {
        using var host = new CdiHost();
        using var volumes = new TempFolder();

        // What only the shared rule decides: a library rebuilt as 32-bit after ldconfig listed it as
        // 64-bit (the volume refuses it in lib64), and one file listed under two cache names (placed once).
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-encode.so.{Version}", "libnvidia-encode.so.1");
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-fbc.so.{Version}", "libnvidia-fbc.so.1");
        File.CreateSymbolicLink(host.Driver.Host($"{FakeDriverRoot.Lib64}/libnvidia-fbc.so"), $"libnvidia-fbc.so.{Version}");
        host.Driver.RunLdconfig();
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-encode.so.{Version}", "libnvidia-encode.so.1", i386: true);
        var discovery = new DriverDiscovery(host.Driver.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance);
        var manager = new DriverVolumes(volumes.Combine("volumes"), discovery, new FakeGpuSource(Version), NullLogger<DriverVolumes>.Instance);
        await manager.CreateAsync($"nvidia_driver_{Version}");

        var inVolume = VolumeEntries(Path.Join(manager.BaseDirectory, Version));
        var inSpec = host.Spec().ContainerEdits!.Mounts!
            .Select(m => (m.ContainerPath, File: Path.GetFileName(m.HostPath)))
            .Order()
            .ToList();

        Assert.Equal(inVolume, inSpec);
        Assert.DoesNotContain(inSpec, m => m.File.StartsWith("libnvidia-encode", StringComparison.Ordinal));
        Assert.Single(inSpec, m => m.File == $"libnvidia-fbc.so.{Version}" && m.ContainerPath.EndsWith($"/libnvidia-fbc.so.{Version}", StringComparison.Ordinal));
    }

    /// <summary>Each file and link of the volume as (its path in a CDI container, the real file's name).</summary>
    private static List<(string ContainerPath, string File)> VolumeEntries(string mountpoint)
    {
        var folders = new[] { ("bin", "/usr/bin"), ("lib", "/usr/local/nvidia/lib"), ("lib64", "/usr/local/nvidia/lib64") };
        return folders
            .SelectMany(f => new DirectoryInfo(Path.Join(mountpoint, f.Item1)).EnumerateFileSystemInfos()
                .Select(e => ($"{f.Item2}/{e.Name}", e.LinkTarget ?? e.Name)))
            .Order()
            .ToList();
    }
}
