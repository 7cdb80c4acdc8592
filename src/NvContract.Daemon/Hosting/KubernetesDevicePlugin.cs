using System.Net.Sockets;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Core.Volumes;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Logging;
using NvContract.DevicePlugin;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Starts the Kubernetes device plugin when <c>--device-plugin-dir</c> asks for it, over the
/// daemon's GPUs, health and driver volumes: one plugin (socket and registration) per resource.
/// Under <c>--mig-strategy mixed</c> each MIG profile is a resource of its own; a profile that
/// appears later (an operator re-partitions) gets its plugin within two seconds. Every plugin reads
/// the MIG layout and the device nodes through one <see cref="DeviceLayoutSource"/>, so the
/// layout is read once a second however many plugins run.
/// </summary>
public sealed class KubernetesDevicePlugin : IAsyncDisposable
{
    private readonly DaemonOptions _options;
    private readonly IGpuSource _gpus;
    private readonly Monitoring _monitoring;
    private readonly DriverVolumeFolder _volume;
    private readonly DeviceLayoutSource _layout;
    private readonly ILoggerFactory _loggerFactory;
    private DevicePluginHost? _gpu;
    private MigProfilePlugins? _profiles;

    private KubernetesDevicePlugin(DaemonOptions options, IGpuSource gpus, Monitoring monitoring, DriverVolumeFolder volume, ILoggerFactory loggerFactory)
    {
        _options = options;
        _gpus = gpus;
        _monitoring = monitoring;
        _volume = volume;
        _loggerFactory = loggerFactory;
        _layout = new DeviceLayoutSource(gpus, new DeviceNodes(options.DevRoot), new MigDeviceNodes(options.ProcRoot), migDevices: options.MigStrategy != MigStrategy.None);
    }

    /// <param name="plugin">The Docker plugin host, whose driver volume store the legacy allocation form shares.</param>
    /// <returns>The running device plugins; null when the flag is not set.</returns>
    /// <exception cref="StartupException">A plugin socket cannot be bound.</exception>
    internal static async Task<KubernetesDevicePlugin?> StartAsync(DaemonOptions options, IGpuSource gpus, Monitoring monitoring, WebApplication plugin, ILoggerFactory loggerFactory)
    {
        if (options.DevicePluginDir is null)
        {
            return null;
        }

        if (options.DevicePluginAllocation == AllocationForm.Cdi && options.CdiDir.Length == 0)
        {
            // Nothing else would tell the operator why every pod fails with "unresolvable CDI devices".
            loggerFactory.CreateLogger(ProgramName.Default).LogWarning(
                "The device plugin names CDI devices {Kind}=<UUID>, but --cdi-dir is empty: the daemon writes no spec that defines them (write one with --cdi-generate, or use --device-plugin-allocation legacy)",
                options.CdiKind.ToString());
        }

        var devicePlugin = new KubernetesDevicePlugin(options, gpus, monitoring, new DriverVolumeFolder(plugin.Services.GetRequiredService<DriverVolumes>(), gpus), loggerFactory);
        try
        {
            devicePlugin._gpu = await devicePlugin.StartHostAsync(profile: null);
            if (options.MigStrategy == MigStrategy.Mixed)
            {
                devicePlugin._profiles = new MigProfilePlugins(devicePlugin._layout, devicePlugin.StartHostAsync, loggerFactory.CreateLogger(typeof(KubernetesDevicePlugin)));
                await devicePlugin._profiles.StartAsync();
            }

            return devicePlugin;
        }
        catch
        {
            await devicePlugin.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_profiles is { } profiles)
        {
            await profiles.DisposeAsync();
        }

        if (_gpu is { } gpu)
        {
            await gpu.DisposeAsync();
        }
    }

    /// <summary>
    /// The settings of the plugin for <paramref name="profile"/> (null: <c>nvidia.com/gpu</c>). Its
    /// CDI allocation names each device <c>&lt;--cdi-kind&gt;=&lt;UUID&gt;</c>, a device the daemon's
    /// own spec defines (devices are named there by UUID too).
    /// </summary>
    public static DevicePluginSettings Settings(DaemonOptions options, string? profile) => new()
    {
        Directory = options.DevicePluginDir!,
        Allocation = options.DevicePluginAllocation,
        CdiKind = options.CdiKind.ToString(),
        MigStrategy = options.MigStrategy,
        MigProfile = profile,
        ProcRoot = options.ProcRoot,
        SocketName = profile is null ? "nvidia-gpu.sock" : $"nvidia-mig-{profile}.sock",
        ResourceName = profile is null ? "nvidia.com/gpu" : $"nvidia.com/mig-{profile}",
    };

    private async Task<DevicePluginHost> StartHostAsync(string? profile)
    {
        var settings = Settings(_options, profile);
        try
        {
            return await DevicePluginHost.StartAsync(settings, _gpus, new MonitoredDeviceHealth(_monitoring.Health), new DeviceNodes(_options.DevRoot), _volume, _loggerFactory, _layout);
        }
        catch (IOException e) when (e.InnerException is SocketException s)
        {
            throw new StartupException($"listen unix {settings.SocketPath}: bind: {s.Message}", e);
        }
        catch (IOException e) when (e.Message.StartsWith("listen unix ", StringComparison.Ordinal))
        {
            // The socket file's own refusal (a file or a live socket holds the path), in Go's words already.
            throw new StartupException(e.Message, e);
        }
    }
}
