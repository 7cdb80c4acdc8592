namespace NvContract.Core.Gpu;

/// <summary>
/// Whether two GPUs can read each other's memory peer-to-peer: NVML's <c>nvmlGpuP2PStatus_t</c>
/// for reads. Only <see cref="Ok"/> pairs are peers in <c>/gpu/info</c>, as v1 listed only the
/// pairs CUDA said could access each other; the others share a PCIe ancestor all the same.
/// </summary>
public enum P2PStatus
{
    /// <summary>The pair can reach each other peer-to-peer.</summary>
    Ok,

    /// <summary>The chipset between them does not carry peer-to-peer traffic.</summary>
    ChipsetNotSupported,

    /// <summary>One of the GPUs cannot do peer-to-peer.</summary>
    GpuNotSupported,

    /// <summary>The path between them (e.g. across CPU sockets) does not carry peer-to-peer traffic.</summary>
    IohTopologyNotSupported,

    /// <summary>Peer-to-peer is turned off by a driver registry key.</summary>
    DisabledByRegkey,

    /// <summary>Not supported for another reason.</summary>
    NotSupported,

    /// <summary>The driver cannot tell.</summary>
    Unknown,
}
