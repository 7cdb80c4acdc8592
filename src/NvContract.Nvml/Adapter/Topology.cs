using NvContract.Core.Gpu;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Adapter;

/// <summary>
/// Peer links of the pairs that can reach each other peer-to-peer, with each pair's closest
/// common PCIe ancestor (docs/v1-compatibility.md §5.1). v1 asked CUDA whether peer access was possible
/// (cudaDeviceCanAccessPeer) and only then asked NVML for the ancestor; the driver-level question
/// is nvmlDeviceGetP2PStatus for reads. A pair the driver rules out (chipset, GPU, topology,
/// regkey) or cannot judge is no peer of either device; a failing call fails discovery, as v1's did.
/// </summary>
internal static class Topology
{
    public static IReadOnlyList<GpuPeerLink>[] Peers(NvmlDevice[] handles, NvmlPciInfo[] pcis)
    {
        var n = handles.Length;
        var links = new P2PLinkType?[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (CanAccessPeer(handles[i], handles[j]))
                {
                    links[i, j] = links[j, i] = Link(handles[i].GetTopologyCommonAncestor(handles[j]));
                }
            }
        }

        // Both devices of a pair get the other as a peer, in index order.
        var peers = new IReadOnlyList<GpuPeerLink>[n];
        for (var k = 0; k < n; k++)
        {
            peers[k] = Enumerable.Range(0, n)
                .Where(j => links[k, j] is not null)
                .Select(j => new GpuPeerLink(pcis[j].BusId, links[k, j]!.Value))
                .ToArray();
        }

        return peers;
    }

    /// <summary>v1's cudaDeviceCanAccessPeer at the driver level: reads from the peer are possible.</summary>
    public static bool CanAccessPeer(NvmlDevice device, NvmlDevice peer) =>
        device.GetP2PStatus(peer, nvmlGpuP2PCapsIndex_t.NVML_P2P_CAPS_INDEX_READ) == nvmlGpuP2PStatus_t.NVML_P2P_STATUS_OK;

    /// <summary>v1's mapping; "not supported" (null) is an unknown link.</summary>
    /// <exception cref="InvalidDataException">A level v1 did not know: <c>unsupported P2P link type</c>.</exception>
    public static P2PLinkType Link(nvmlGpuTopologyLevel_t? level) => level switch
    {
        null => P2PLinkType.Unknown,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_INTERNAL => P2PLinkType.SameBoard,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_SINGLE => P2PLinkType.SingleSwitch,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_MULTIPLE => P2PLinkType.MultipleSwitches,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_HOSTBRIDGE => P2PLinkType.HostBridge,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_NODE => P2PLinkType.SameCpu,
        nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_SYSTEM => P2PLinkType.CrossCpu,
        _ => throw new InvalidDataException("unsupported P2P link type"),
    };
}
