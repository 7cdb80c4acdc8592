using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Mig;
using NvContract.Nvml;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// NVML failing while the MIG layout is read in the background (<see cref="LayoutGpuSource.Failure"/>):
/// the failure is logged once while it lasts, nothing stops watching the layout, and a failure as
/// the plugins start stops none of them from starting.
/// </summary>
public sealed class LayoutFailureTests
{
    private const string ErrorPrefix = "Error: device plugin: ";

    [Fact]
    public async Task MixedProfiles_NvmlFailsThenAnswersWithANewProfile_ItsPluginStartsAndTheFailureIsLoggedOnce()
    {
        using var gpus = new LayoutGpuSource();
        using var pluginGpus = new LayoutGpuSource();
        using var health = Watched(pluginGpus);
        using var roots = new TempFolder();
        using var folder = new TempFolder();
        await using var kubelet = await KubeletStandIn.StartAsync(folder.Path);
        var log = new LogCapture();
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Path), migDevices: true);
        // The plugins read a layout of their own, so that every read of gpus is the watch's.
        Task<DevicePluginHost> Start(string profile) => StartProfileAsync(profile, folder.Path, roots.Path, pluginGpus, health);
        await using var plugins = new MigProfilePlugins(layout, Start, log.Factory.CreateLogger("plugin"));
        await plugins.StartNewAsync();

        gpus.Failure = NvmlReturn.GpuIsLost;
        plugins.Watch();
        await UntilAsync(() => gpus.FailedReads >= 3);
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal));
        Assert.Contains("nvmlDeviceGetMigMode", log.Lines.Single(l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal)));

        gpus.Layout = [.. gpus.Layout, gpus.Layout[0] with { ParentIndex = 2, ParentMinor = 2, ParentUuid = gpus.Devices[2].Uuid, Index = 0, Uuid = "MIG-new", Profile = "4g.40gb" }];
        gpus.Failure = null;
        var resources = new List<string>();
        using var timeout = new CancellationTokenSource(PluginUnderTest.Patience * 3);
        while (!resources.Contains("nvidia.com/mig-4g.40gb"))
        {
            resources.Add((await kubelet.NextRegistrationAsync(PluginUnderTest.Patience * 3).WaitAsync(timeout.Token)).ResourceName);
        }

        Assert.True(File.Exists(Path.Join(folder.Path, "nvidia-mig-4g.40gb.sock")));
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal));
        Assert.Contains("Device plugin: the MIG profiles are watched again", log.Lines);
    }

    [Fact]
    public void Advertiser_LayoutReadFails_LastListKeptAndTheFailureLoggedOnceUntilItReadsAgain()
    {
        using var gpus = new LayoutGpuSource();
        using var health = Watched(gpus);
        using var roots = new TempFolder();
        var time = new FakeTimeProvider();
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Path), migDevices: true, time);
        var log = new LogCapture();
        using var advertiser = new DeviceAdvertiser(gpus, new MonitoredDeviceHealth(health), log.Factory.CreateLogger("plugin"), () => DeviceUnits.Select(layout.Current, MigStrategy.Mixed, "3g.40gb"), time);
        var before = advertiser.Current.Devices;

        gpus.Failure = NvmlReturn.Unknown;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(DeviceAdvertiser.LayoutPeriod);
        }

        Assert.True(gpus.FailedReads >= 3);
        Assert.Equal(before, advertiser.Current.Devices);
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix + "cannot read the MIG layout and device nodes: nvmlDeviceGetMigMode", StringComparison.Ordinal));

        gpus.Failure = null;
        time.Advance(DeviceAdvertiser.LayoutPeriod);

        Assert.Contains("Device plugin: the MIG layout and device nodes are read again", log.Lines);
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_LayoutReadFails_ServesAndRegistersWithNoDeviceUntilTheLayoutReads()
    {
        using var gpus = new LayoutGpuSource();
        using var health = Watched(gpus);
        using var roots = new TempFolder();
        using var folder = new TempFolder();
        await using var kubelet = await KubeletStandIn.StartAsync(folder.Path);
        var log = new LogCapture();
        gpus.Failure = NvmlReturn.GpuIsLost;
        var settings = new DevicePluginSettings
        {
            Directory = folder.Path,
            MigStrategy = MigStrategy.Mixed,
            MigProfile = "1g.10gb",
            ProcRoot = roots.Path,
            SocketName = "nvidia-mig-1g.10gb.sock",
            ResourceName = "nvidia.com/mig-1g.10gb",
        };
        await using var host = await DevicePluginHost.StartAsync(settings, gpus, new MonitoredDeviceHealth(health), new DeviceNodes(roots.Path), null, log.Factory);

        var registration = await kubelet.NextRegistrationAsync(PluginUnderTest.Patience);
        Assert.Equal("nvidia.com/mig-1g.10gb", registration.ResourceName);
        var (client, channel) = kubelet.Dial(registration.Endpoint);
        using var _ = channel;
        using var stop = new CancellationTokenSource();
        var lists = PluginUnderTest.Watch(client, stop.Token);
        Assert.Empty((await lists.Reader.ReadAsync().AsTask().WaitAsync(PluginUnderTest.Patience)).Devices);
        await UntilAsync(() => gpus.FailedReads >= 2);
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix + "cannot read the MIG layout and device nodes: nvmlDeviceGetMigMode", StringComparison.Ordinal));
        Assert.Empty(host.Advertiser.Current.Devices);

        gpus.Failure = null;
        var list = await PluginUnderTest.UntilAsync(lists, l => l.Devices.Count > 0);

        var expected = gpus.Layout.Where(m => m.Profile == "1g.10gb").Select(m => m.Uuid).Order(StringComparer.Ordinal);
        Assert.Equal(expected, list.Devices.Select(d => d.ID).Order(StringComparer.Ordinal));
        Assert.Contains("Device plugin: the MIG layout and device nodes are read again", log.Lines);
        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task MixedProfiles_LayoutReadFailsAtStart_StartDoesNotThrowAndThePluginsStartOnceItReads()
    {
        using var gpus = new LayoutGpuSource();
        using var pluginGpus = new LayoutGpuSource();
        using var health = Watched(pluginGpus);
        using var roots = new TempFolder();
        using var folder = new TempFolder();
        await using var kubelet = await KubeletStandIn.StartAsync(folder.Path);
        var log = new LogCapture();
        var layout = new DeviceLayoutSource(gpus, new DeviceNodes(roots.Path), new MigDeviceNodes(roots.Path), migDevices: true);
        Task<DevicePluginHost> Start(string profile) => StartProfileAsync(profile, folder.Path, roots.Path, pluginGpus, health);
        await using var plugins = new MigProfilePlugins(layout, Start, log.Factory.CreateLogger("plugin"));

        gpus.Failure = NvmlReturn.GpuIsLost;
        await plugins.StartAsync();
        await UntilAsync(() => gpus.FailedReads >= 2);
        Assert.False(kubelet.HasUnreadRegistration);
        Assert.Contains("nvmlDeviceGetMigMode", Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal)));

        gpus.Failure = null;
        var resources = new HashSet<string>(StringComparer.Ordinal);
        var expected = gpus.Layout.Select(m => $"nvidia.com/mig-{m.Profile}").ToHashSet(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(PluginUnderTest.Patience * 3);
        while (!resources.IsSupersetOf(expected))
        {
            resources.Add((await kubelet.NextRegistrationAsync(PluginUnderTest.Patience * 3).WaitAsync(timeout.Token)).ResourceName);
        }

        Assert.Single(log.Lines, l => l.StartsWith(ErrorPrefix, StringComparison.Ordinal));
        Assert.Contains("Device plugin: the MIG profiles are watched again", log.Lines);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + (PluginUnderTest.Patience * 3);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(50);
        }
    }

    /// <summary>A mixed-strategy plugin for <paramref name="profile"/>, as the daemon starts one.</summary>
    private static Task<DevicePluginHost> StartProfileAsync(string profile, string directory, string roots, IGpuSource gpus, GpuHealthMonitor health) =>
        DevicePluginHost.StartAsync(
            new DevicePluginSettings
            {
                Directory = directory,
                MigStrategy = MigStrategy.Mixed,
                MigProfile = profile,
                ProcRoot = roots,
                SocketName = $"nvidia-mig-{profile}.sock",
                ResourceName = $"nvidia.com/mig-{profile}",
            },
            gpus, new MonitoredDeviceHealth(health), new DeviceNodes(roots), null, NullLoggerFactory.Instance);

    private static GpuHealthMonitor Watched(IGpuSource gpus)
    {
        var health = new GpuHealthMonitor(gpus.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        for (var i = 0; i < gpus.Devices.Count; i++)
        {
            health.Watching(i);
        }

        return health;
    }
}
