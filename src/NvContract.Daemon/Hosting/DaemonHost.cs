using System.Net.Sockets;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Simulation;
using NvContract.Core.Volumes;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Logging;
using NvContract.Daemon.Security;
using NvContract.Nvml;
using NvContract.Plugin;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// The daemon's life, in v1's order (docs/v1-compatibility.md §1.2–§1.4): open the GPUs,
/// discover devices, serve,
/// stop on SIGINT/SIGTERM, log "Successfully terminated". Exit codes: 0, 1 on any fatal error.
/// </summary>
public static class DaemonHost
{
    /// <returns>The exit code, and whether the daemon must start again in place (after a driver upgrade).</returns>
    public static async Task<DaemonExit> RunAsync(DaemonOptions options, ILoggerFactory loggerFactory, CancellationToken stopping = default)
    {
        var logger = loggerFactory.CreateLogger(ProgramName.Default);
        using var signals = new StopSignals();
        IGpuSource? gpus = null;
        try
        {
            gpus = GpuSources.Open(options, logger);

            logger.LogInformation("Discovering GPU devices");
            _ = gpus.Devices;
            using var monitoring = Monitoring.Start(gpus, logger, options.HealthPolicy, options.HealthQuietPeriod, options.ProcRoot);

            var address = ListenAddress.Parse(options.ListenAddress);
            var deviceNodes = new DeviceNodes(options.DevRoot);
            var cdi = CdiSetup.Generator(options, gpus, deviceNodes, loggerFactory);
            CdiSetup.CheckVersion(cdi);
            var access = RemoteAccess.Load(options, address, logger);
            var pluginOptions = new PluginServerOptions { SocketDirectory = options.SocketDir, VolumesDirectory = options.VolumesDir, DriverRoot = options.DriverRoot };
            await using var plugin = PluginServer.Build(pluginOptions, gpus, loggerFactory);
            await using var rest = RestServer.Build(address, gpus, deviceNodes, loggerFactory, options.StatusMaxAge, monitoring, options.MetricNaming, cdi, access);

            using var restart = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var restartRequested = false;
            using var upgrades = options.SimulationProfile is null
                ? DriverUpgradeWatch.Start(options.SysRoot, logger, () =>
                {
                    restartRequested = true;
                    restart.Cancel();
                })
                : null;

            await StartPluginAsync(plugin, pluginOptions);
            CdiRefresh? cdiRefresh = null;
            try
            {
                logger.LogInformation("Serving remote API at {Address}", options.ListenAddress);
                if (access.PlaintextWarning(address, options.InsecureRemote) is { } warning)
                {
                    logger.LogWarning("{Warning}", warning);
                }
                await StartAsync(rest, address);
                cdiRefresh = CdiRefresh.Start(cdi, options.CdiDir, logger);
                await using var devicePlugin = await KubernetesDevicePlugin.StartAsync(options, gpus, monitoring, plugin, loggerFactory);
                ServiceManager.Ready();

                await WaitForStopAsync([rest, plugin], signals.Received, restart.Token);
                ServiceManager.Stopping();
                await rest.StopAsync(CancellationToken.None);
            }
            finally
            {
                // The process that comes back after a driver upgrade rewrites the spec at once.
                cdiRefresh?.Stop(removeSpec: !restartRequested);

                // Stopping (not only disposing) the plugin host removes its socket file.
                await plugin.StopAsync(CancellationToken.None);
            }

            if (restartRequested)
            {
                return DaemonExit.Restart;
            }

            logger.LogInformation("Successfully terminated");
            return DaemonExit.Success;
        }
        catch (Exception e) when (e is StartupException or InvalidProfileException or VolumesInsideDriverFolderException or InvalidHealthPolicyException or FormatException or IOException or UnauthorizedAccessException or SocketException or NvmlException)
        {
            // An NVML call that fails while the daemon starts is fatal, as in v1 (docs/v1-compatibility.md §1.2):
            // one "Error: nvml: <error string>" line and exit 1, never an unhandled exception.
            logger.LogError("Error: {Message}", e.Message);
            return DaemonExit.Failure;
        }
        finally
        {
            gpus?.Dispose();
        }
    }

    private static async Task StartAsync(WebApplication app, ListenAddress address)
    {
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (FindSocketError(e) is { } s)
        {
            throw new StartupException($"listen {address.Network} {address.UnixSocketPath ?? address.Text}: bind: {Describe(s)}", e);
        }
    }

    /// <summary>Starts the plugin socket; logs "Serving plugin API at &lt;-s&gt;" before binding, as v1.</summary>
    private static async Task StartPluginAsync(WebApplication plugin, PluginServerOptions options)
    {
        try
        {
            await PluginServer.StartAsync(plugin);
        }
        catch (IOException e) when (FindSocketError(e) is { } s)
        {
            throw new StartupException($"listen unix {options.SocketPath}: bind: {Describe(s)}", e);
        }
    }

    /// <summary>Waits for a signal, the caller's token, or either server stopping (v1: one ends, both end).</summary>
    private static async Task WaitForStopAsync(IReadOnlyList<WebApplication> apps, Task signal, CancellationToken stopping)
    {
        // Continuations never run inside the callback that completes the task (a lifetime event).
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onStopping = apps.Select(app => app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult())).ToList();
        using var onCancel = stopping.Register(() => stopped.TrySetResult());
        await Task.WhenAny(stopped.Task, signal);
        onStopping.ForEach(r => r.Dispose());
    }

    private static SocketException? FindSocketError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Go's wording for the usual bind failures, which v1 users search for.</summary>
    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AccessDenied => "permission denied",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        _ => e.Message,
    };
}
