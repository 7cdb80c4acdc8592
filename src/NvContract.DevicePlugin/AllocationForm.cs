namespace NvContract.DevicePlugin;

/// <summary>How Allocate hands a container its GPUs.</summary>
public enum AllocationForm
{
    /// <summary>CDI device names in <c>cdi_devices</c> (Kubernetes 1.29 and later; the runtime injects the spec's edits).</summary>
    Cdi,

    /// <summary>
    /// For clusters without CDI: the device nodes, the driver volume mounted read-only at
    /// <c>/usr/local/nvidia</c>, and the environment that points CUDA at it.
    /// </summary>
    Legacy,
}
