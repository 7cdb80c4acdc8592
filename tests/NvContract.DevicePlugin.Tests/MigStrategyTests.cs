using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Mig;
using NvContract.Core.Simulation;
using NvContract.DevicePlugin.V1Beta1;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>MIG strategies over the hgx-h100-mig profile (<see cref="LayoutGpuSource"/>).</summary>
public sealed class MigStrategyTests
{
    [Fact]
    public void Select_None_EveryGpuWhole_ThoseInMigModeUnavailable()
    {
        using var gpus = new LayoutGpuSource();

        var units = DeviceUnits.Select(Clean(gpus), MigStrategy.None, null);

        Assert.Equal(["0", "1", "2", "3"], Names(units));
        Assert.Equal([DeviceLayout.InMigMode, DeviceLayout.InMigMode, DeviceLayout.InMigMode, null], units.Select(u => u.Unavailable));
    }

    [Fact]
    public void Advertiser_None_GpusInMigModeAreListedUnhealthyWithWhy()
    {
        using var gpus = new LayoutGpuSource();
        using var health = Watched(gpus);
        var log = new LogCapture();
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), log.Factory.CreateLogger("plugin"), () => DeviceUnits.Select(Clean(gpus), MigStrategy.None, null));

        Assert.Equal([false, false, false, true], advertiser.Current.Devices.Select(d => d.Healthy));
        Assert.Equal(DeviceLayout.InMigMode, advertiser.Current.Devices[0].Reason);
        Assert.Contains($"Device plugin: GPU 0 ({gpus.Devices[0].Uuid}) advertised Unhealthy: {DeviceLayout.InMigMode}", log.Lines);
    }

    [Fact]
    public void Select_Single_MigDevicesAndTheGpuNotInMigMode()
    {
        using var gpus = new LayoutGpuSource();

        var units = DeviceUnits.Select(Clean(gpus), MigStrategy.Single, null);

        Assert.Equal(["3", "0:0", "0:1", "0:2", "0:3", "1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6"], Names(units));
    }

    [Fact]
    public void Select_Mixed_OneResourcePerProfile_GpuInMigModeWithoutInstancesAdvertisesNothing()
    {
        using var gpus = new LayoutGpuSource();

        var layout = Clean(gpus);

        Assert.Equal(["1g.10gb", "2g.20gb", "3g.40gb"], DeviceUnits.Profiles(layout));
        Assert.Equal(["0:2", "0:3", "1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6"], Names(DeviceUnits.Select(layout, MigStrategy.Mixed, "1g.10gb")));
        Assert.Equal(["3"], Names(DeviceUnits.Select(layout, MigStrategy.Mixed, null)));
        Assert.DoesNotContain(DeviceUnits.Select(layout, MigStrategy.Single, null), u => u.GpuIndex == 2);
    }

    [Fact]
    public async Task Advertiser_LayoutChanges_ListFollowsWithTheGpusHealth()
    {
        using var gpus = new LayoutGpuSource();
        using var health = Watched(gpus);
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), NullLogger.Instance, () => DeviceUnits.Select(Clean(gpus), MigStrategy.Mixed, "3g.40gb"));
        Assert.Equal(["MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e01"], advertiser.Current.Devices.Select(d => d.Uuid));

        var version = advertiser.Current.Version;
        gpus.Layout = [.. gpus.Layout, gpus.Layout[0] with { ParentIndex = 2, ParentMinor = 2, ParentUuid = gpus.Devices[2].Uuid, Index = 0, Uuid = "MIG-new" }];
        await advertiser.WaitForChangeAsync(version, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e01", "MIG-new"], advertiser.Current.Devices.Select(d => d.Uuid));

        version = advertiser.Current.Version;
        health.Xid(2, 79);
        await advertiser.WaitForChangeAsync(version, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([true, false], advertiser.Current.Devices.Select(d => d.Healthy));
    }

    [Fact]
    public async Task Allocate_MigDevices_CdiNamesByMigUuidOrTheirNodesInTheLegacyForm()
    {
        using var gpus = new LayoutGpuSource();
        var procRoot = Directory.CreateTempSubdirectory("nvc-dp-proc-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Join(procRoot, "driver", "nvidia-caps"));
            File.WriteAllText(Path.Join(procRoot, "driver", "nvidia-caps", "mig-minors"), "gpu1/gi7/access 75\ngpu1/gi7/ci0/access 76\n");
            var mig = gpus.Layout.First(m => m.ParentIndex == 1);
            var device = new AdvertisedDevice(1, mig.Uuid, true, "", 0, mig);

            var cdi = await new ContainerAllocator(new DevicePluginSettings { Directory = "/unused" }, gpus.Devices, new DeviceNodes("/"), null)
                .AllocateAsync([device], CancellationToken.None);
            var legacy = await new ContainerAllocator(new DevicePluginSettings { Directory = "/unused", Allocation = AllocationForm.Legacy, ProcRoot = procRoot }, gpus.Devices, new DeviceNodes("/"), new NoVolume())
                .AllocateAsync([device], CancellationToken.None);

            Assert.Equal([$"nvidia.com/gpu={mig.Uuid}"], cdi.CdiDevices.Select(d => d.Name));
            Assert.Equal(["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap75", "/dev/nvidia-caps/nvidia-cap76"], legacy.Devices.Select(d => d.ContainerPath).Take(3));
            Assert.Equal(mig.Uuid, legacy.Envs["NVIDIA_VISIBLE_DEVICES"]);
        }
        finally
        {
            Directory.Delete(procRoot, recursive: true);
        }
    }

    /// <summary>
    /// The core of CDI allocation on a MIG host: under every strategy, the names the plugins hand
    /// out (every device they advertise Healthy, over every resource) are exactly the devices the
    /// daemon's spec defines by UUID (under none: its whole GPUs). With gaps: GPU 3's node is
    /// missing, MIG device 1:6 lacks its compute-instance access node and the driver's table no
    /// longer lists 0:1; the spec leaves those out and the plugin must not offer them.
    /// </summary>
    [Theory]
    [InlineData(MigStrategy.None, false)]
    [InlineData(MigStrategy.Single, false)]
    [InlineData(MigStrategy.Mixed, false)]
    [InlineData(MigStrategy.None, true)]
    [InlineData(MigStrategy.Single, true)]
    [InlineData(MigStrategy.Mixed, true)]
    public async Task Allocate_Cdi_HandsOutExactlyTheDevicesTheDaemonsSpecDefines(MigStrategy strategy, bool gaps)
    {
        using var gpus = new LayoutGpuSource();
        using var driver = FakeDriverRoot.WithDriver("550.54.15");
        using var roots = new TempFolder();
        Directory.CreateDirectory(roots.Combine("dev"));
        foreach (var gpu in gpus.Devices)
        {
            await File.WriteAllTextAsync(roots.Combine(gpu.Path), string.Empty);
        }

        MigStandIns.Write(gpus.Layout, roots.Combine("proc"), roots.Path);
        if (gaps)
        {
            File.Delete(roots.Combine(gpus.Devices[3].Path));
            File.Delete(roots.Combine(MigStandIns.CapPaths(gpus.Layout.Single(m => m.Name == "1:6"))[1]));
            MigStandIns.Write(gpus.Layout.Where(m => m.Name != "0:1"), roots.Combine("proc"), null);
        }

        var spec = new CdiGenerator(
            CdiKind.Default, null, gpus, new DriverDiscovery(driver.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance),
            new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Combine("proc")), null).Generate().Spec!;
        var byUuid = spec.Devices.Select(d => d.Name).Where(n => n.StartsWith("GPU-", StringComparison.Ordinal) || (strategy != MigStrategy.None && n.StartsWith("MIG-", StringComparison.Ordinal)));
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Combine("proc")), migDevices: strategy != MigStrategy.None);
        string?[] profiles = strategy == MigStrategy.Mixed ? [null, .. DeviceUnits.Profiles(layout.Current)] : [null];
        using var health = Watched(gpus);
        var settings = new DevicePluginSettings { Directory = "/unused", ProcRoot = roots.Combine("proc") };

        var handedOut = new List<string>();
        foreach (var profile in profiles)
        {
            using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), NullLogger.Instance, () => DeviceUnits.Select(layout.Current, strategy, profile));
            var offered = advertiser.Current.Devices.Where(d => d.Healthy).ToList();
            var response = await new ContainerAllocator(settings, gpus.Devices, new DeviceNodes(roots.Path), null).AllocateAsync(offered, CancellationToken.None);
            handedOut.AddRange(response.CdiDevices.Select(d => d.Name));
        }

        Assert.Equal(byUuid.Select(n => $"{CdiKind.Default}={n}").Order(StringComparer.Ordinal), handedOut.Order(StringComparer.Ordinal));
    }

    private static string[] Names(IReadOnlyList<DeviceUnit> units) =>
        units.Select(u => u.Mig?.Name ?? u.GpuIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The layout of <paramref name="gpus"/> with every node present.</summary>
    private static DeviceLayout Clean(IGpuSource gpus) => new(
        Enumerable.Range(0, gpus.Devices.Count).Select(gpus.IsMigEnabled).ToArray(),
        gpus.MigDevices,
        new string?[gpus.Devices.Count],
        new string?[gpus.MigDevices.Count]);

    private static GpuHealthMonitor Watched(IGpuSource gpus)
    {
        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
        }

        return health;
    }

    private sealed class NoVolume : IDriverVolume
    {
        public Task<string> EnsureAsync(CancellationToken cancellationToken) => Task.FromResult("/volumes/nvidia_driver/550.54.15");
    }
}
