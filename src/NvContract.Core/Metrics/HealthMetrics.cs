using System.Globalization;
using NvContract.Core.Health;

namespace NvContract.Core.Metrics;

/// <summary>The health families: the same state <c>/v1.1/gpu/health</c> reports.</summary>
public static class HealthMetrics
{
    private static readonly MetricFamily LastXid = MetricFamily.Gauge(
        "DCGM_FI_DEV_XID_ERRORS", "Value of the last XID error encountered (0: none since the daemon started).");

    private static readonly MetricFamily Healthy = MetricFamily.Gauge(
        "gpu_healthy", "Whether the GPU works (1: Healthy, or Degraded: only an application must restart) or not (0), with its health state and the reason.");

    private static readonly MetricFamily XidEvents = MetricFamily.Counter(
        "xid_events_total", "Xid errors reported by the driver since the daemon started, with the action the Xid policy gives them.");

    private static readonly MetricFamily Recovery = MetricFamily.Gauge(
        "gpu_recovery_action", "NVML's GPU recovery action: 0 none, 1 GPU reset, 2 node reboot, 3 drain peer-to-peer, 4 drain and reset.");

    public static IEnumerable<MetricFamily> Families => [LastXid, Healthy, XidEvents, Recovery];

    public static void Write(ExpositionWriter writer, HealthSnapshot health, IReadOnlyList<GpuLabels> labels)
    {
        foreach (var gpu in health.Gpus)
        {
            // Without a watch nothing is known of Xids: absent rather than a reassuring 0.
            if (gpu.LastXid is { } xid)
            {
                writer.Sample(LastXid, labels[gpu.Index].Dcgm, xid);
            }
            else if (gpu.Watched)
            {
                writer.Sample(LastXid, labels[gpu.Index].Dcgm, 0);
            }
        }

        foreach (var gpu in health.Gpus)
        {
            var state = ExpositionWriter.Labels(("state", gpu.State.ToString()), ("reason", gpu.Reason));
            writer.Sample(Healthy, ExpositionWriter.Join(labels[gpu.Index].Identity, state), gpu.State.IsHealthy() ? 1 : 0);
        }

        foreach (var gpu in health.Gpus)
        {
            foreach (var count in gpu.Xids)
            {
                var xid = count.Instance is { } instance
                    ? ExpositionWriter.Labels(("xid", count.Xid.ToString(CultureInfo.InvariantCulture)), ("action", count.Action.Name()), ("GPU_I_ID", instance.GpuInstanceId.ToString(CultureInfo.InvariantCulture)))
                    : ExpositionWriter.Labels(("xid", count.Xid.ToString(CultureInfo.InvariantCulture)), ("action", count.Action.Name()));
                writer.Sample(XidEvents, ExpositionWriter.Join(labels[gpu.Index].Identity, xid), count.Count);
            }
        }

        foreach (var gpu in health.Gpus)
        {
            if (gpu.RecoveryAction is { } action)
            {
                writer.Sample(Recovery, labels[gpu.Index].Identity, action);
            }
        }
    }
}
