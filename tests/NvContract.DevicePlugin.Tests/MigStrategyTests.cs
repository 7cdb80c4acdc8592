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

/// <summary>
/// MIG strategies over the hgx-h100-mig profile: GPU 0 has 3g.40gb, 2g.20gb and two 1g.10gb
/// instances, GPU 1 seven 1g.10gb, GPU 2 is in MIG mode without instances, GPU 3 is whole.
/// </summary>
public sealed class MigStrategyTests
{
    [Fact]
    public void Select_None_EveryGpuWhole()
    {
        using var gpus = new LayoutGpuSource();

        Assert.Equal(["0", "1", "2", "3"], Names(DeviceUnits.Select(gpus, MigStrategy.None, null)));
    }

    [Fact]
    public void Select_Single_MigDevicesAndTheGpuNotInMigMode()
    {
        using var gpus = new LayoutGpuSource();

        var units = DeviceUnits.Select(gpus, MigStrategy.Single, null);

        Assert.Equal(["3", "0:0", "0:1", "0:2", "0:3", "1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6"], Names(units));
    }

    [Fact]
    public void Select_Mixed_OneResourcePerProfile_GpuInMigModeWithoutInstancesAdvertisesNothing()
    {
        using var gpus = new LayoutGpuSource();

        Assert.Equal(["1g.10gb", "2g.20gb", "3g.40gb"], DeviceUnits.Profiles(gpus));
        Assert.Equal(["0:2", "0:3", "1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6"], Names(DeviceUnits.Select(gpus, MigStrategy.Mixed, "1g.10gb")));
        Assert.Equal(["3"], Names(DeviceUnits.Select(gpus, MigStrategy.Mixed, null)));
        Assert.DoesNotContain(DeviceUnits.Select(gpus, MigStrategy.Single, null), u => u.GpuIndex == 2);
    }

    [Fact]
    public async Task Advertiser_LayoutChanges_ListFollowsWithTheGpusHealth()
    {
        using var gpus = new LayoutGpuSource();
        using var health = Watched(gpus);
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), NullLogger.Instance, () => DeviceUnits.Select(gpus, MigStrategy.Mixed, "3g.40gb"));
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

    [Theory]
    [InlineData(MigStrategy.Single, null)]
    [InlineData(MigStrategy.Mixed, "1g.10gb")]
    [InlineData(MigStrategy.Mixed, "3g.40gb")]
    [InlineData(MigStrategy.Mixed, null)]
    public async Task Allocate_Cdi_EveryNameHandedOutIsADeviceOfTheDaemonsSpec(MigStrategy strategy, string? profile)
    {
        using var gpus = new LayoutGpuSource();
        using var driver = FakeDriverRoot.WithDriver("550.54.15");
        using var roots = new TempFolder();
        foreach (var gpu in gpus.Devices)
        {
            Directory.CreateDirectory(roots.Combine("dev"));
            await File.WriteAllTextAsync(roots.Combine(gpu.Path), string.Empty);
        }

        MigStandIns.Write(gpus.MigDevices, roots.Combine("proc"), roots.Path);
        var spec = new CdiGenerator(
            CdiKind.Default, null, gpus, new DriverDiscovery(driver.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance),
            new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Combine("proc")), null).Generate().Spec!;
        using var health = Watched(gpus);
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), NullLogger.Instance, () => DeviceUnits.Select(gpus, strategy, profile));
        var settings = new DevicePluginSettings { Directory = "/unused", ProcRoot = roots.Combine("proc") };

        var response = await new ContainerAllocator(settings, gpus.Devices, new DeviceNodes(roots.Path), null)
            .AllocateAsync(advertiser.Current.Devices, CancellationToken.None);

        var names = response.CdiDevices.Select(d => d.Name).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.StartsWith($"{CdiKind.Default}=", n, StringComparison.Ordinal));
        Assert.All(names, n => Assert.Contains(n[(CdiKind.Default.ToString().Length + 1)..], spec.Devices.Select(d => d.Name)));
    }

    private static string[] Names(IReadOnlyList<DeviceUnit> units) =>
        units.Select(u => u.Mig?.Name ?? u.GpuIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

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

    /// <summary>The hgx-h100-mig profile with a layout a test can change.</summary>
    private sealed class LayoutGpuSource : IGpuSource
    {
        private readonly SimulatedGpuSource _profile = SimulatedGpuSource.Open("hgx-h100-mig");

        public LayoutGpuSource() => Layout = _profile.MigDevices;

        public IReadOnlyList<MigDevice> Layout { get; set; }

        public IReadOnlyList<GpuDevice> Devices => _profile.Devices;

        public IReadOnlyList<MigDevice> MigDevices => Layout;

        public bool? IsMigEnabled(int index) => _profile.IsMigEnabled(index);

        public DriverVersions GetVersions() => _profile.GetVersions();

        public GpuStatus GetStatus(int index) => _profile.GetStatus(index);

        public void Dispose() => _profile.Dispose();
    }
}
