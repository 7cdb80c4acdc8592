using System.Net.Sockets;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Volumes;
using NvContract.Daemon.Cli;
using NvContract.DevicePlugin;

namespace NvContract.Daemon.Hosting;

/// <summary>Starts the Kubernetes device plugin when <c>--device-plugin-dir</c> asks for it, over the daemon's GPUs, health and driver volumes.</summary>
internal static class KubernetesDevicePlugin
{
    /// <param name="plugin">The Docker plugin host, whose driver volume store the legacy allocation form shares.</param>
    /// <returns>The running device plugin; null when the flag is not set.</returns>
    /// <exception cref="StartupException">The plugin socket cannot be bound.</exception>
    public static async Task<DevicePluginHost?> StartAsync(DaemonOptions options, IGpuSource gpus, Monitoring monitoring, WebApplication plugin, ILoggerFactory loggerFactory)
    {
        if (options.DevicePluginDir is not { } directory)
        {
            return null;
        }

        var settings = new DevicePluginSettings { Directory = directory, Allocation = options.DevicePluginAllocation };
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
