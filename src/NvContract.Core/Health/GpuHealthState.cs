namespace NvContract.Core.Health;

/// <summary>
/// The health of one GPU, from its NVML events. The order is severity; <see cref="Unknown"/>
/// stands apart: nothing can be said (the event watch failed or has not started).
/// </summary>
public enum GpuHealthState
{
    /// <summary>No fatal event, or it was cleared (recovery action back to NONE, a reset, a quiet period).</summary>
    Healthy,

    /// <summary>An application-level Xid: the application must restart; the GPU itself is fine.</summary>
    Degraded,

    /// <summary>The GPU must be reset before it is used again.</summary>
    NeedsReset,

    /// <summary>The node must be rebooted (e.g. the GPU fell off the bus).</summary>
    NeedsReboot,

    /// <summary>NVML reports the GPU lost.</summary>
    Lost,

    /// <summary>The daemon cannot watch this GPU's events right now; it keeps retrying.</summary>
    Unknown,
}

public static class GpuHealthStateExtensions
{
    /// <summary>Whether the GPU itself works: Healthy, or Degraded (only an application must restart).</summary>
    public static bool IsHealthy(this GpuHealthState state) => state is GpuHealthState.Healthy or GpuHealthState.Degraded;

    /// <summary>What an operator should do, in NVIDIA's catalog's words where it has them.</summary>
    public static string RecommendedAction(this GpuHealthState state) => state switch
    {
        GpuHealthState.Healthy => "NONE",
        GpuHealthState.Degraded => "RESTART_APP",
        GpuHealthState.NeedsReset => "RESET_GPU",
        GpuHealthState.NeedsReboot or GpuHealthState.Lost => "RESTART_BM",
        _ => "CHECK_DAEMON_LOG",
    };
}
