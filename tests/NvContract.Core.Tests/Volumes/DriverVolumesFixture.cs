using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Core.Volumes;
using NvContract.Testing;

namespace NvContract.Core.Tests.Volumes;

/// <summary>A fake driver root, a volumes folder and the volume manager over them.</summary>
internal sealed class DriverVolumesFixture : IDisposable
{
    public const string Version = "550.54.15";

    public DriverVolumesFixture(Func<string, string, int>? link = null, string? volumesParent = null, bool walkPaths = false)
    {
        Root = FakeDriverRoot.WithDriver(Version);
        Folder = new TempFolder(volumesParent);
        Gpus = new FakeGpuSource(Version);
        Log = new LogCapture();
        var discovery = new DriverDiscovery(Root.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance) { WalkPaths = walkPaths };
        Volumes = new DriverVolumes(Folder.Combine("volumes"), discovery, Gpus, Log.Factory.CreateLogger<DriverVolumes>(), link);
    }

    public FakeDriverRoot Root { get; }

    public TempFolder Folder { get; }

    public FakeGpuSource Gpus { get; }

    /// <summary>What the volume manager logged.</summary>
    public LogCapture Log { get; }

    public DriverVolumes Volumes { get; }

    public string Mountpoint(string version = Version) => Path.Join(Volumes.BaseDirectory, version);

    public void Dispose()
    {
        Root.Dispose();
        Folder.Dispose();
    }
}
