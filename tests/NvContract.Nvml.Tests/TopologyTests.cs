using NvContract.Core.Gpu;
using NvContract.Nvml.Adapter;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Tests;

/// <summary>
/// v1's link codes for every NVML topology level. The fake machine shows most levels on peers; a
/// SYSTEM pair there cannot reach peer-to-peer, so the mapping is checked here as well.
/// </summary>
public sealed class TopologyTests
{
    public static TheoryData<string, uint, P2PLinkType> LevelRows => new()
    {
        { "NVML_TOPOLOGY_INTERNAL", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_INTERNAL, P2PLinkType.SameBoard },
        { "NVML_TOPOLOGY_SINGLE", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_SINGLE, P2PLinkType.SingleSwitch },
        { "NVML_TOPOLOGY_MULTIPLE", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_MULTIPLE, P2PLinkType.MultipleSwitches },
        { "NVML_TOPOLOGY_HOSTBRIDGE", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_HOSTBRIDGE, P2PLinkType.HostBridge },
        { "NVML_TOPOLOGY_NODE", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_NODE, P2PLinkType.SameCpu },
        { "NVML_TOPOLOGY_SYSTEM", (uint)nvmlGpuTopologyLevel_t.NVML_TOPOLOGY_SYSTEM, P2PLinkType.CrossCpu },
    };

    [Theory]
    [MemberData(nameof(LevelRows))]
    public void Link_NvmlLevel_IsV1Code(string description, uint level, P2PLinkType expected)
    {
        Assert.True(expected == Topology.Link((nvmlGpuTopologyLevel_t)level), description);
    }

    [Fact]
    public void Link_NotSupported_IsUnknown()
    {
        Assert.Equal(P2PLinkType.Unknown, Topology.Link(null));
    }

    [Fact]
    public void Link_LevelV1DidNotKnow_ThrowsV1Message()
    {
        var error = Assert.Throws<InvalidDataException>(() => Topology.Link((nvmlGpuTopologyLevel_t)60));

        Assert.Equal("unsupported P2P link type", error.Message);
    }
}
