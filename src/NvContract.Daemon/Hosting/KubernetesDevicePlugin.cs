using System.Net.Sockets;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Volumes;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Logging;
using NvContract.DevicePlugin;

namespace NvContract.Daemon.Hosting;

/// <summary>Starts the Kubernetes device plugin when <c>--device-plugin-dir</c> asks for it, over the daemon's GPUs, health and driver volumes.</summary>
public static class KubernetesDevicePlugin
{
    /// <summary>
    /// The device plugin's settings from the daemon's flags. Its CDI allocation names each GPU
    /// <c>&lt;--cdi-kind&gt;=&lt;UUID&gt;</c>, a device the daemon's own spec defines (GPUs are named there by UUID too).
    /// </summary>
    public static DevicePluginSettings Settings(DaemonOptions options, string directory) =>
        new() { Directory = directory, Allocation = options.DevicePluginAllocation, CdiKind = options.CdiKind.ToString() };

    /// <param name="plugin">The Docker plugin host, whose driver volume store the legacy allocation form shares.</param>
    /// <returns>The running device plugin; null when the flag is not set.</returns>
    /// <exception cref="StartupException">The plugin socket cannot be bound.</exception>
    internal static async Task<DevicePluginHost?> StartAsync(DaemonOptions options, IGpuSource gpus, Monitoring monitoring, WebApplication plugin, ILoggerFactory loggerFactory)
    {
        if (options.DevicePluginDir is not { } directory)
        {
            return null;
        }

        var settings = Settings(options, directory);
        if (settings.Allocation == AllocationForm.Cdi && options.CdiDir.Length == 0)
        {
            // Nothing else would tell the operator why every pod fails with "unresolvable CDI devices".
            loggerFactory.CreateLogger(ProgramName.Default).LogWarning(
                "The device plugin names CDI devices {Kind}=<UUID>, but --cdi-dir is empty: the daemon writes no spec that defines them (write one with --cdi-generate, or use --device-plugin-allocation legacy)",
                settings.CdiKind);
        }

        var volume = new DriverVolumeFolder(plugin.Services.GetRequiredService<DriverVolumes>(), gpus);
        try
        {
            return await DevicePluginHost.StartAsync(settings, gpus, new MonitoredDeviceHealth(monitoring.Health), new DeviceNodes(options.DevRoot), volume, loggerFactory);
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
