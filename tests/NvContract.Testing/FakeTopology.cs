using System.Globalization;
using NvContract.Core.Gpu;

namespace NvContract.Testing;

/// <summary>
/// GPUs with chosen peer links and NUMA nodes, for topology and allocation tests: GPU i has UUID
/// <c>GPU-0000000i-…</c>, minor i and PCI bus <c>00000000:1i:00.0</c>.
/// </summary>
public static class FakeTopology
{
    /// <summary>
    /// A 4-GPU host where the best pair is not the lowest indices: GPUs 2 and 3 share a board on
    /// NUMA node 1; 0 and 1 meet at a host bridge on NUMA node 0; every other pair crosses CPUs.
    /// </summary>
    public static IReadOnlyList<GpuDevice> BestPairIsTwoAndThree() => Build(
        [0, 0, 1, 1],
        (0, 1, P2PLinkType.HostBridge),
        (2, 3, P2PLinkType.SameBoard),
        (0, 2, P2PLinkType.CrossCpu),
        (0, 3, P2PLinkType.CrossCpu),
        (1, 2, P2PLinkType.CrossCpu),
        (1, 3, P2PLinkType.CrossCpu));

    public static string Uuid(int index) => $"GPU-{index:x8}-0000-4000-8000-00000000000{index % 10}";

    public static string BusId(int index) => string.Create(CultureInfo.InvariantCulture, $"00000000:{0x10 + index:x2}:00.0");

    /// <summary>GPUs on <paramref name="numaNodes"/> (one per GPU), each listed link applying both ways.</summary>
    public static IReadOnlyList<GpuDevice> Build(int[] numaNodes, params (int A, int B, P2PLinkType Link)[] links) =>
        numaNodes.Select((numa, i) => new GpuDevice
        {
            Uuid = Uuid(i),
            Minor = (uint)i,
            Model = "Fake GPU",
            CpuAffinity = numa,
            Pci = new GpuPci(BusId(i), null, null),
            Peers = links
                .Where(l => l.A == i || l.B == i)
                .Select(l => (Peer: l.A == i ? l.B : l.A, l.Link))
                .OrderBy(p => p.Peer)
                .Select(p => new GpuPeerLink(BusId(p.Peer), p.Link))
                .ToArray(),
        }).ToArray();
}
