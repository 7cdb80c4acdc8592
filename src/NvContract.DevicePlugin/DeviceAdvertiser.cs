using Microsoft.Extensions.Logging;
using NvContract.Core.Gpu;

namespace NvContract.DevicePlugin;

/// <summary>
/// Keeps the list of GPUs the kubelet is told of: each GPU's health, and whether NVML itself
/// still answers. It checks health every <see cref="HealthPeriod"/> and NVML every
/// <see cref="NvmlPeriod"/>, logs each change once, and wakes every ListAndWatch stream.
/// </summary>
/// <remarks>
/// When NVML itself fails (the driver version cannot be read) every GPU is advertised Unhealthy
/// until it answers again: a node whose driver is gone must not keep offering GPUs that nothing
/// watches. A failure scoped to one GPU (its event watch) makes only that GPU Unhealthy.
/// </remarks>
public sealed partial class DeviceAdvertiser : IDisposable
{
    /// <summary>How often health is checked: a change reaches the kubelet well within a second.</summary>
    public static readonly TimeSpan HealthPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>How often NVML is asked whether it still works.</summary>
    public static readonly TimeSpan NvmlPeriod = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly IGpuSource _gpus;
    private readonly IDeviceHealth _health;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly long _nvmlEvery;
    private long _ticks;
    private long _healthVersion = -1;
    private string? _nvmlFailure;
    private AdvertisedDevices _current;
    private TaskCompletionSource _changed = NewSignal();

    public DeviceAdvertiser(IGpuSource gpus, IDeviceHealth health, ILogger logger, TimeProvider? time = null)
    {
        _gpus = gpus;
        _health = health;
        _logger = logger;
        _nvmlEvery = Math.Max(1, (long)(NvmlPeriod / HealthPeriod));
        // Compared against "all healthy", so a GPU that starts unhealthy is logged with its reason.
        _current = new AdvertisedDevices(0, Build(gpus.Devices.Select(_ => (true, "")).ToArray(), null));
        Refresh(probeNvml: true);
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => Tick(), null, HealthPeriod, HealthPeriod);
    }

    /// <summary>The list as last advertised.</summary>
    public AdvertisedDevices Current => Volatile.Read(ref _current);

    /// <summary>Completes when the list is newer than <paramref name="version"/> (at once if it already is).</summary>
    public Task WaitForChangeAsync(long version, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_current.Version != version)
            {
                return Task.CompletedTask;
            }

            changed = _changed.Task;
        }

        return changed.WaitAsync(cancellationToken);
    }

    public void Dispose() => _timer.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Tick()
    {
        try
        {
            Refresh(probeNvml: Interlocked.Increment(ref _ticks) % _nvmlEvery == 0);
        }
        catch (Exception e)
        {
            // A timer callback must not throw; the next tick tries again.
            LogRefreshFailed(e);
        }
    }

    private void Refresh(bool probeNvml)
    {
        lock (_gate)
        {
            var nvml = probeNvml ? ProbeNvml() : _nvmlFailure;
            var version = _health.Version;
            if (version == _healthVersion && nvml == _nvmlFailure)
            {
                return;
            }

            if (nvml != _nvmlFailure)
            {
                if (nvml is not null)
                {
                    LogNvmlFailed(nvml);
                }
                else
                {
                    LogNvmlBack();
                }
            }

            _healthVersion = version;
            _nvmlFailure = nvml;
            var devices = Build(_health.Read(), nvml);
            if (devices.SequenceEqual(_current.Devices))
            {
                return;
            }

            foreach (var (before, after) in _current.Devices.Zip(devices))
            {
                if (before.Healthy != after.Healthy || before.Reason != after.Reason)
                {
                    if (after.Healthy)
                    {
                        LogHealthy(after.Index, after.Uuid);
                    }
                    else
                    {
                        LogUnhealthy(after.Index, after.Uuid, after.Reason);
                    }
                }
            }

            Volatile.Write(ref _current, new AdvertisedDevices(_current.Version + 1, devices));
            var changed = _changed;
            _changed = NewSignal();
            changed.SetResult();
        }
    }

    /// <summary>Null while NVML answers; its error otherwise.</summary>
    private string? ProbeNvml()
    {
        try
        {
            _ = _gpus.GetVersions();
            return null;
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            return e.Message;
        }
    }

    private AdvertisedDevice[] Build(IReadOnlyList<(bool Healthy, string Reason)> health, string? nvmlFailure) =>
        _gpus.Devices.Select((d, i) =>
        {
            var (healthy, reason) = i < health.Count ? health[i] : (false, "no health reported");
            if (nvmlFailure is not null)
            {
                (healthy, reason) = (false, $"NVML failed: {nvmlFailure}");
            }

            return new AdvertisedDevice(i, d.Uuid, healthy, reason, d.CpuAffinity);
        }).ToArray();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device plugin: GPU {Index} ({Uuid}) advertised Unhealthy: {Reason}")]
    private partial void LogUnhealthy(int index, string uuid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: GPU {Index} ({Uuid}) advertised Healthy")]
    private partial void LogHealthy(int index, string uuid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device plugin: NVML failed ({Error}); every GPU is advertised Unhealthy until it answers again")]
    private partial void LogNvmlFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: NVML answers again")]
    private partial void LogNvmlBack();

    [LoggerMessage(Level = LogLevel.Error, Message = "Device plugin: cannot refresh the device list")]
    private partial void LogRefreshFailed(Exception e);
}
