namespace NvContract.DevicePlugin;

/// <summary>How MIG devices are advertised to the kubelet, as NVIDIA's device plugin names the choices.</summary>
public enum MigStrategy
{
    /// <summary>Whole GPUs only, as <c>nvidia.com/gpu</c>; MIG devices are not advertised.</summary>
    None,

    /// <summary>Every MIG device as <c>nvidia.com/gpu</c>, with the GPUs not in MIG mode.</summary>
    Single,

    /// <summary>One resource per MIG profile, <c>nvidia.com/mig-&lt;profile&gt;</c>, each with its own socket and registration; whole GPUs stay <c>nvidia.com/gpu</c>.</summary>
    Mixed,
}
