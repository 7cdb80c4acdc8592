namespace NvContract.Core.Health;

/// <summary>
/// NVML's recovery action (field NVML_FI_DEV_GET_GPU_RECOVERY_ACTION, nvmlDeviceGpuRecoveryAction_t):
/// what the driver itself says must happen before the GPU works again.
/// </summary>
public static class RecoveryAction
{
    public const long None = 0;
    public const long GpuReset = 1;
    public const long NodeReboot = 2;
    public const long DrainP2P = 3;
    public const long DrainAndReset = 4;

    /// <summary>NVML's name without its prefix, e.g. <c>GPU_RESET</c>; the number for values newer than these.</summary>
    public static string Name(long action) => action switch
    {
        None => "NONE",
        GpuReset => "GPU_RESET",
        NodeReboot => "NODE_REBOOT",
        DrainP2P => "DRAIN_P2P",
        DrainAndReset => "DRAIN_AND_RESET",
        _ => action.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The state the action asks for: a node reboot is NeedsReboot; every other action (a reset,
    /// draining peer traffic first, values newer than this code) needs at least a reset.
    /// </summary>
    public static GpuHealthState State(long action) => action switch
    {
        None => GpuHealthState.Healthy,
        NodeReboot => GpuHealthState.NeedsReboot,
        _ => GpuHealthState.NeedsReset,
    };
}
