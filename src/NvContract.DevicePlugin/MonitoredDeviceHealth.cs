using NvContract.Core.Health;

namespace NvContract.DevicePlugin;

/// <summary>
/// The device plugin's view of the health monitor: a GPU is offered while its state says the
/// GPU works (Healthy, or Degraded: only an application must restart); every other state,
/// Unknown included, is Unhealthy with the monitor's reason.
/// </summary>
public sealed class MonitoredDeviceHealth(GpuHealthMonitor monitor) : IDeviceHealth
{
    public long Version => monitor.Snapshot.Version;

    public IReadOnlyList<(bool Healthy, string Reason)> Read() =>
        monitor.Snapshot.Gpus.Select(g => g.State.IsHealthy()
            ? (true, "")
            : (false, g.Reason.Length == 0 ? $"{g.State}" : $"{g.State}: {g.Reason}")).ToArray();
}
