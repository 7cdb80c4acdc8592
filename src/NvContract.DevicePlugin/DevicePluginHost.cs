using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Core.Sockets;
using NvContract.Core.Topology;
using NvContract.DevicePlugin.V1Beta1;

namespace NvContract.DevicePlugin;

/// <summary>
/// The Kubernetes device plugin: serves DevicePlugin on its socket in the kubelet's folder and
/// keeps it registered. A refused registration is logged with the kubelet's reason and retried
/// with a growing delay. A kubelet restart deletes every socket in the folder and creates
/// kubelet.sock anew: when the plugin's socket is gone it is created again, and when kubelet.sock
/// is new the plugin registers again.
/// </summary>
public sealed partial class DevicePluginHost : IAsyncDisposable
{
    /// <summary>How often the folder is checked for a new kubelet.sock or a deleted plugin socket.</summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(5);

    private readonly DevicePluginSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly DeviceAdvertiser _advertiser;
    private readonly PairScoreMatrix _scores;
    private readonly ContainerAllocator _allocator;
    private readonly CancellationTokenSource _stop = new();
    private WebApplication? _server;
    private UnixSocketFile? _socket;
    private Task _loop = Task.CompletedTask;

    private DevicePluginHost(DevicePluginSettings settings, IGpuSource gpus, IDeviceHealth health, DeviceNodes nodes, IDriverVolume? driverVolume, ILoggerFactory loggerFactory, DeviceLayoutSource layout)
    {
        _settings = settings;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger(typeof(DevicePluginHost));
        _advertiser = new DeviceAdvertiser(gpus, health, _logger, () => DeviceUnits.Select(layout.Current, settings.MigStrategy, settings.MigProfile));
        _scores = PairScoreMatrix.From(gpus.Devices);
        _allocator = new ContainerAllocator(settings, gpus.Devices, nodes, driverVolume);
    }

    /// <summary>The device list as the kubelet is told of it.</summary>
    public DeviceAdvertiser Advertiser => _advertiser;

    /// <summary>
    /// Listens on the plugin socket (a bind failure throws), then registers with the kubelet and
    /// watches the folder in the background until disposed.
    /// </summary>
    /// <param name="driverVolume">The driver volume, needed by <see cref="AllocationForm.Legacy"/> only.</param>
    /// <param name="layout">The layout reader the daemon's plugins share; null for one of this plugin's own.</param>
    public static async Task<DevicePluginHost> StartAsync(DevicePluginSettings settings, IGpuSource gpus, IDeviceHealth health, DeviceNodes nodes, IDriverVolume? driverVolume, ILoggerFactory loggerFactory, DeviceLayoutSource? layout = null)
    {
        layout ??= new DeviceLayoutSource(gpus, nodes, new MigDeviceNodes(settings.ProcRoot), migDevices: settings.MigStrategy != MigStrategy.None);
        var host = new DevicePluginHost(settings, gpus, health, nodes, driverVolume, loggerFactory, layout);
        try
        {
            host.LogServing(settings.SocketPath, settings.ResourceName, settings.Allocation);
            await host.ListenAsync();
            host._loop = Task.Run(() => host.RunAsync(host._stop.Token));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await StopServerAsync();
        _advertiser.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        DateTime? registeredWith = null;
        var retry = FirstRetry;
        var retryAt = DateTime.MinValue;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!File.Exists(_settings.SocketPath))
                {
                    LogSocketGone(_settings.SocketPath);
                    await ListenAsync();
                    registeredWith = null;
                }

                // A kubelet.sock other than the one registered with is a restarted kubelet: register at once.
                var kubelet = KubeletSocketStamp();
                if (kubelet is { } k && k != registeredWith && (registeredWith is not null || DateTime.UtcNow >= retryAt))
                {
                    if (registeredWith is not null)
                    {
                        LogKubeletRestarted(_settings.KubeletSocketPath);
                        (retry, registeredWith) = (FirstRetry, null);
                    }

                    if (await TryRegisterAsync(stopping))
                    {
                        (registeredWith, retry) = (k, FirstRetry);
                    }
                    else
                    {
                        retryAt = DateTime.UtcNow + retry;
                        retry = retry * 2 < LastRetry ? retry * 2 : LastRetry;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                LogListenFailed(_settings.SocketPath, e.Message);
            }

            try
            {
                await Task.Delay(PollPeriod, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> TryRegisterAsync(CancellationToken stopping)
    {
        var request = new RegisterRequest
        {
            Version = DevicePluginSettings.ApiVersion,
            Endpoint = _settings.SocketName,
            ResourceName = _settings.ResourceName,
            Options = GpuDevicePluginService.Options,
        };
        try
        {
            await UnixSocketChannel.RegisterAsync(_settings.KubeletSocketPath, request, RegisterTimeout, stopping);
            LogRegistered(_settings.ResourceName, _settings.KubeletSocketPath);
            return true;
        }
        catch (RpcException e) when (!stopping.IsCancellationRequested)
        {
            LogRegisterFailed(_settings.KubeletSocketPath, e.Status.Detail.Length > 0 ? e.Status.Detail : e.Status.StatusCode.ToString());
            return false;
        }
        catch (Exception e) when (stopping.IsCancellationRequested && e is RpcException or OperationCanceledException)
        {
            // Stopping while a registration was in flight: not a failure, the loop ends next.
            return false;
        }
    }

    /// <summary>When kubelet.sock was created (its change time, which only a new socket changes); null while it is missing.</summary>
    private DateTime? KubeletSocketStamp()
    {
        var info = new FileInfo(_settings.KubeletSocketPath);
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    /// <summary>
    /// Stops the old server (if any) and listens anew. A socket left by a killed daemon is replaced;
    /// any other file at the path, or a socket another program answers on, is left alone and the
    /// bind fails (<see cref="UnixSocketFile"/>).
    /// </summary>
    /// <exception cref="IOException">The path is taken, or bind(2) failed; the message is Go's.</exception>
    private async Task ListenAsync()
    {
        await StopServerAsync();
        var socket = new UnixSocketFile(_settings.SocketPath);
        socket.Bind();
        var server = DevicePluginServer.Build(
            socket,
            sp => new GpuDevicePluginService(_advertiser, _scores, _allocator, sp.GetRequiredService<IHostApplicationLifetime>()),
            _loggerFactory);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            socket.Remove();
            throw;
        }

        (_server, _socket) = (server, socket);
    }

    private async Task StopServerAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
        }

        // Only while the file is still the socket this plugin bound: a kubelet may have replaced it.
        _socket?.Remove();
        _socket = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving device plugin API at {Socket} ({Resource}, allocation {Allocation})")]
    private partial void LogServing(string socket, string resource, AllocationForm allocation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered device plugin {Resource} with the kubelet at {Kubelet}")]
    private partial void LogRegistered(string resource, string kubelet);

    /// <summary>An <c>Error:</c> line, as the daemon's other failures an operator must act on.</summary>
    private void LogRegisterFailed(string kubelet, string reason) =>
        _logger.LogError("Error: device plugin registration with the kubelet at {Kubelet} failed: {Reason}; retrying", kubelet, reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubelet restarted ({Kubelet} is new): registering again")]
    private partial void LogKubeletRestarted(string kubelet);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device plugin socket {Socket} was removed: listening again")]
    private partial void LogSocketGone(string socket);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device plugin: cannot listen on {Socket}: {Reason}; retrying")]
    private partial void LogListenFailed(string socket, string reason);
}
