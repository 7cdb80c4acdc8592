using NvContract.Core.Gpu;

namespace NvContract.Core.Topology;

/// <summary>
/// How well two GPUs talk to each other, as one number: the closer their common PCIe ancestor,
/// the higher, and every NVLink between them counts more than any PCIe path. The scale is the one
/// NVIDIA's device plugin uses (go-gpuallocator), so preferred allocations compare with it:
/// cross CPU 10, same CPU 20, host bridge 30, multiple switches 40, single switch 50, same board
/// 60, plus 100 per NVLink. A pair without peer-to-peer (or with no known link) scores 0, lowest.
/// </summary>
public static class PairScore
{
    /// <summary>What one NVLink between the pair adds.</summary>
    public const int PerNvLink = 100;

    /// <summary>The score of a pair joined by <paramref name="link"/> and <paramref name="nvLinks"/> NVLinks.</summary>
    public static int Of(P2PLinkType link, int nvLinks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nvLinks);
        var pcie = link switch
        {
            P2PLinkType.CrossCpu => 10,
            P2PLinkType.SameCpu => 20,
            P2PLinkType.HostBridge => 30,
            P2PLinkType.MultipleSwitches => 40,
            P2PLinkType.SingleSwitch => 50,
            P2PLinkType.SameBoard => 60,
            _ => 0,
        };
        return pcie + (nvLinks * PerNvLink);
    }
}
