using NvContract.Core.Gpu;
using NvContract.Core.Topology;
using NvContract.Testing;

namespace NvContract.Core.Tests.Topology;

public class PairScoreTests
{
    [Theory]
    [InlineData(P2PLinkType.Unknown, 0, 0, "no peer-to-peer scores lowest")]
    [InlineData(P2PLinkType.CrossCpu, 0, 10, "across CPU sockets")]
    [InlineData(P2PLinkType.SameCpu, 0, 20, "under one CPU")]
    [InlineData(P2PLinkType.HostBridge, 0, 30, "through the host bridge")]
    [InlineData(P2PLinkType.MultipleSwitches, 0, 40, "through several PCIe switches")]
    [InlineData(P2PLinkType.SingleSwitch, 0, 50, "through one PCIe switch")]
    [InlineData(P2PLinkType.SameBoard, 0, 60, "on one board")]
    [InlineData(P2PLinkType.CrossCpu, 1, 110, "one NVLink beats every PCIe path")]
    [InlineData(P2PLinkType.SameBoard, 18, 1860, "NVLinks add up")]
    public void Of_Link_ScoresOnTheDocumentedScale(P2PLinkType link, int nvLinks, int expected, string description)
    {
        Assert.True(expected == PairScore.Of(link, nvLinks), description);
    }

    [Fact]
    public void From_Devices_ScoresEachListedPairBothWaysAndUnlistedPairsZero()
    {
        var devices = FakeTopology.Build([0, 0, 1], (0, 1, P2PLinkType.SingleSwitch));

        var matrix = PairScoreMatrix.From(devices);

        Assert.Equal(50, matrix[0, 1]);
        Assert.Equal(50, matrix[1, 0]);
        Assert.Equal(0, matrix[0, 2]);
        Assert.Equal(0, matrix[2, 1]);
        Assert.Equal(0, matrix[1, 1]);
        Assert.Equal([0, 0, 1], matrix.NumaNodes);
    }

    [Fact]
    public void From_PeerListedByOneSideOnly_AppliesBothWays()
    {
        var devices = FakeTopology.Build([0, 0], (0, 1, P2PLinkType.SameBoard));
        devices = [devices[0], devices[1] with { Peers = [] }];

        var matrix = PairScoreMatrix.From(devices);

        Assert.Equal(60, matrix[1, 0]);
    }
}
