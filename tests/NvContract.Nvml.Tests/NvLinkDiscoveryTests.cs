using NvContract.Core.Gpu;
using NvContract.Core.Topology;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

/// <summary>NVLinks read from the fake driver: bridges between GPUs, an NVSwitch fabric, GPUs without NVLink.</summary>
[Collection(NvmlCollection.Name)]
public sealed class NvLinkDiscoveryTests
{
    [Fact]
    public void Open_BridgedPairs_EachGpuListsItsPartnerWithTwoLinks()
    {
        using var source = FakeNvml.Open("default");
        var bus = source.Devices.Select(d => d.Pci.BusId).ToArray();

        // GPU i is bridged to GPU i ^ 3 by two active links; its other two links are down.
        Assert.Equal([new GpuNvLinkPeer(bus[3], 2)], source.Devices[0].NvLinks);
        Assert.Equal([new GpuNvLinkPeer(bus[2], 2)], source.Devices[1].NvLinks);
        Assert.Equal([new GpuNvLinkPeer(bus[1], 2)], source.Devices[2].NvLinks);
    }

    [Fact]
    public void Open_NvSwitchFabric_EveryPairHasEighteenLinks()
    {
        using var source = FakeNvml.Open("nvswitch");

        foreach (var device in source.Devices)
        {
            Assert.Equal(source.Devices.Count - 1, device.NvLinks.Count);
            Assert.All(device.NvLinks, peer => Assert.Equal(18, peer.Links));
            Assert.DoesNotContain(device.NvLinks, peer => peer.BusId == device.Pci.BusId);
        }
    }

    [Fact]
    public void Open_GpuAnswersNotSupported_ItsBridgeIsSeenFromTheOtherEnd()
    {
        using var source = FakeNvml.Open("unsupported");

        // Odd GPUs answer "not supported" for their own links; the bridge 1-2 is still seen from
        // GPU 2's end, and counted for both.
        Assert.Equal([new GpuNvLinkPeer(source.Devices[1].Pci.BusId, 2)], source.Devices[2].NvLinks);
        Assert.Equal([new GpuNvLinkPeer(source.Devices[2].Pci.BusId, 2)], source.Devices[1].NvLinks);
    }

    [Fact]
    public void Scores_NvLinkBridgedPairOutranksTheSameBoardPair()
    {
        using var source = FakeNvml.Open("default");

        var scores = PairScoreMatrix.From(source.Devices);

        // 1-2 are multiple PCIe switches apart (40) but bridged by two NVLinks; 0-1 share a board (60).
        Assert.Equal(40 + (2 * PairScore.PerNvLink), scores[1, 2]);
        Assert.Equal(60, scores[0, 1]);
        Assert.Equal([1, 2], PreferredSet.Choose(scores, [0, 1, 2, 3], [], 2));
    }
}
