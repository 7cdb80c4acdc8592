using System.Net.Sockets;
using System.Runtime.InteropServices;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Simulation;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Logging;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// The daemon's life, in v1's order (reference §1.2–1.4): open the GPUs, discover devices, serve,
/// stop on SIGINT/SIGTERM, log "Successfully terminated". Exit codes: 0, 1 on any fatal error.
/// </summary>
public static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonOptions options, ILoggerFactory loggerFactory, CancellationToken stopping = default)
    {
        var logger = loggerFactory.CreateLogger(ProgramName.Default);
        IGpuSource? gpus = null;
        try
        {
            gpus = GpuSources.Open(options, logger);

            logger.LogInformation("Discovering GPU devices");
            _ = gpus.Devices;

            var address = ListenAddress.Parse(options.ListenAddress);
            await using var rest = RestServer.Build(address, gpus, new DeviceNodes(options.DevRoot), loggerFactory, options.StatusMaxAge);

            logger.LogInformation("Serving remote API at {Address}", options.ListenAddress);
            await StartAsync(rest, address);
            ServiceManager.Ready();

            await WaitForStopAsync(rest, stopping);
            ServiceManager.Stopping();
            await rest.StopAsync(CancellationToken.None);

            logger.LogInformation("Successfully terminated");
            return 0;
        }
        catch (Exception e) when (e is StartupException or InvalidProfileException or FormatException or IOException or UnauthorizedAccessException or SocketException)
        {
            logger.LogError("Error: {Message}", e.Message);
            return 1;
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

    private static async Task WaitForStopAsync(WebApplication app, CancellationToken stopping)
    {
        var stopped = new TaskCompletionSource();
        using var onStopping = app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        using var onCancel = stopping.Register(() => stopped.TrySetResult());
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stopped.Task;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
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
