using Microsoft.Extensions.Logging;
using NvContract.Core.Gpu;

namespace NvContract.DevicePlugin;

/// <summary>
/// Keeps the list of GPUs the kubelet is told of: each GPU's health, and whether NVML itself
/// still answers. It checks health every <see cref="HealthPeriod"/>, NVML every
/// <see cref="NvmlPeriod"/> and what is advertised (the MIG layout, the device nodes) every
/// <see cref="LayoutPeriod"/>, logs each change once, and wakes every ListAndWatch stream.
/// </summary>
/// <remarks>
/// When NVML itself fails (the driver version cannot be read) every GPU is advertised Unhealthy
/// until it answers again: a node whose driver is gone must not keep offering GPUs that nothing
/// watches. A failure scoped to one GPU (its event watch) makes only that GPU Unhealthy.
/// When the MIG layout and device nodes cannot be read, the devices last read stay advertised;
/// when the first read fails, as the plugin starts, that is none: the plugin still serves and
/// registers, advertising an empty list until a read works. Either way the failure is logged
/// once while it lasts, and its end once.
/// </remarks>
public sealed partial class DeviceAdvertiser : IDisposable
{
    /// <summary>How often health is checked: a change reaches the kubelet well within a second.</summary>
    public static readonly TimeSpan HealthPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>How often NVML is asked whether it still works.</summary>
    public static readonly TimeSpan NvmlPeriod = TimeSpan.FromSeconds(1);

    /// <summary>How often what is advertised is read again: a shared layout read is this old at most (<see cref="DeviceLayoutSource.MaxAge"/>).</summary>
    public static readonly TimeSpan LayoutPeriod = DeviceLayoutSource.MaxAge;

    private readonly Lock _gate = new();
    private readonly IGpuSource _gpus;
    private readonly IDeviceHealth _health;
    private readonly ILogger _logger;
    private readonly Func<IReadOnlyList<DeviceUnit>> _units;
    private readonly ITimer _timer;
    private IReadOnlyList<DeviceUnit> _lastUnits;
    private readonly long _nvmlEvery;
    private readonly long _layoutEvery;
    private long _ticks;
    private long _healthVersion = -1;
    private string? _nvmlFailure;
    private string? _layoutFailure;
    private AdvertisedDevices _current;
    private TaskCompletionSource _changed = NewSignal();

    public DeviceAdvertiser(IGpuSource gpus, IDeviceHealth health, ILogger logger, TimeProvider? time = null)
        : this(gpus, health, logger, null, time)
    {
    }

    /// <param name="units">
    /// What is advertised, read every <see cref="LayoutPeriod"/> (MIG layouts change at run time,
    /// device nodes come and go); null for every GPU whole. A MIG device's health is its GPU's:
    /// NVML reports nothing finer. A unit that is <see cref="DeviceUnit.Unavailable"/> is
    /// advertised Unhealthy with that reason.
    /// </param>
    public DeviceAdvertiser(IGpuSource gpus, IDeviceHealth health, ILogger logger, Func<IReadOnlyList<DeviceUnit>>? units, TimeProvider? time = null)
    {
        _gpus = gpus;
        _health = health;
        _logger = logger;
        _units = units ?? (() => gpus.Devices.Select((_, i) => new DeviceUnit(i)).ToArray());
        // A first read that fails (NVML failing as the plugin starts) must not stop the plugin:
        // it serves and registers with no device, never one it could not check, logs the failure
        // as a later one is logged, and the devices appear at the first read that works.
        _lastUnits = [];
        _lastUnits = ReadUnits();
        _nvmlEvery = Math.Max(1, (long)(NvmlPeriod / HealthPeriod));
        _layoutEvery = Math.Max(1, (long)(LayoutPeriod / HealthPeriod));
        // Compared against "all healthy", so a GPU that starts unhealthy is logged with its reason.
        _current = new AdvertisedDevices(0, Build(gpus.Devices.Select(_ => (true, "")).ToArray(), null, unitReasons: false));
        Refresh(probeNvml: true, readLayout: false);
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
            var tick = Interlocked.Increment(ref _ticks);
            Refresh(probeNvml: tick % _nvmlEvery == 0, readLayout: tick % _layoutEvery == 0);
        }
        catch (Exception e)
        {
            // A timer callback must not throw; the next tick tries again.
            LogRefreshFailed(e);
        }
    }

    private void Refresh(bool probeNvml, bool readLayout)
    {
        lock (_gate)
        {
            var nvml = probeNvml ? ProbeNvml() : _nvmlFailure;
            var version = _health.Version;
            var units = readLayout ? ReadUnits() : _lastUnits;
            if (version == _healthVersion && nvml == _nvmlFailure && units.SequenceEqual(_lastUnits))
            {
                return;
            }

            if (!units.SequenceEqual(_lastUnits))
            {
                // A unit whose availability alone changed is logged as a device below, not as a new layout.
                if (!units.Select(u => u with { Unavailable = null }).SequenceEqual(_lastUnits.Select(u => u with { Unavailable = null })))
                {
                    LogLayoutChanged(_lastUnits.Count, units.Count);
                }

                _lastUnits = units;
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
            var devices = Build(_health.Read(), nvml, unitReasons: true);
            if (devices.SequenceEqual(_current.Devices))
            {
                return;
            }

            // By ID, so that a device new to the list (a MIG device created) is logged when it starts unhealthy.
            var previous = _current.Devices.ToDictionary(d => d.Uuid, StringComparer.Ordinal);
            foreach (var after in devices)
            {
                var before = previous.GetValueOrDefault(after.Uuid) ?? after with { Healthy = true, Reason = "" };
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

    /// <summary>
    /// The units to advertise; the last known ones (none before a first read works) while the
    /// layout cannot be read, logged once while it lasts (NVML failing as a whole is reported
    /// apart, and makes every GPU Unhealthy).
    /// </summary>
    private IReadOnlyList<DeviceUnit> ReadUnits()
    {
        try
        {
            var units = _units();
            if (_layoutFailure is not null)
            {
                LogLayoutBack();
                _layoutFailure = null;
            }

            return units;
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            if (e.Message != _layoutFailure)
            {
                LogLayoutFailed(e.Message);
                _layoutFailure = e.Message;
            }

            return _lastUnits;
        }
    }

    /// <param name="unitReasons">Whether a unit's own <see cref="DeviceUnit.Unavailable"/> counts (not for the all-healthy baseline).</param>
    private AdvertisedDevice[] Build(IReadOnlyList<(bool Healthy, string Reason)> health, string? nvmlFailure, bool unitReasons) =>
        _lastUnits.Select(unit =>
        {
            var i = unit.GpuIndex;
            var d = _gpus.Devices[i];
            var (healthy, reason) = i < health.Count ? health[i] : (false, "no health reported");
            if (healthy && unitReasons && unit.Unavailable is { } unavailable)
            {
                (healthy, reason) = (false, unavailable);
            }

            if (nvmlFailure is not null)
            {
                (healthy, reason) = (false, $"NVML failed: {nvmlFailure}");
            }

            return new AdvertisedDevice(i, unit.Mig?.Uuid ?? d.Uuid, healthy, reason, d.CpuAffinity, unit.Mig);
        }).ToArray();

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: the MIG layout changed: {Before} devices advertised before, {After} now")]
    private partial void LogLayoutChanged(int before, int after);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device plugin: GPU {Index} ({Uuid}) advertised Unhealthy: {Reason}")]
    private partial void LogUnhealthy(int index, string uuid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: GPU {Index} ({Uuid}) advertised Healthy")]
    private partial void LogHealthy(int index, string uuid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device plugin: NVML failed ({Error}); every GPU is advertised Unhealthy until it answers again")]
    private partial void LogNvmlFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: NVML answers again")]
    private partial void LogNvmlBack();

    // In the daemon's words for an error it carries on after (a generated logger refuses the "Error:" prefix).
    private void LogLayoutFailed(string error) =>
        _logger.LogError("Error: device plugin: cannot read the MIG layout and device nodes: {Error}; the devices last read are advertised until it works again", error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: the MIG layout and device nodes are read again")]
    private partial void LogLayoutBack();

    [LoggerMessage(Level = LogLevel.Error, Message = "Device plugin: cannot refresh the device list")]
    private partial void LogRefreshFailed(Exception e);
}
