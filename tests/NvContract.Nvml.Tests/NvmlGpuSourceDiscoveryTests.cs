using NvContract.Core.Gpu;
using NvContract.Nvml.Adapter;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

[Collection(NvmlCollection.Name)]
public sealed class NvmlGpuSourceDiscoveryTests
{
    [Fact]
    public void Open_DefaultMachine_FindsFourDevicesInIndexOrder()
    {
        using var source = FakeNvml.Open("default");

        Assert.Equal(
            ["00000000:18:00.0", "00000000:28:00.0", "00000000:38:00.0", "00000000:48:00.0"],
            source.Devices.Select(d => d.Pci.BusId));
    }

    [Fact]
    public void Open_DefaultMachine_MinorNumbersComeFromNvmlNotIndexes()
    {
        using var source = FakeNvml.Open("default");

        Assert.Equal([1u, 0u, 3u, 2u], source.Devices.Select(d => d.Minor));
        Assert.Equal("/dev/nvidia1", source.Devices[0].Path);
    }

    [Fact]
    public void Open_DefaultMachine_ReadsStaticFactsFromNvml()
    {
        using var source = FakeNvml.Open("default");
        var gpu = source.Devices[1];

        Assert.Equal("GPU-fa6e0001-0000-4000-8000-000000001001", gpu.Uuid);
        Assert.Equal("Fake H100 80GB HBM3", gpu.Model);
        Assert.Equal(699, gpu.PowerLimitWatts);
        Assert.Equal(new GpuPci("00000000:28:00.0", 131072, 3938 * 16), gpu.Pci);
        Assert.Equal(new GpuClocks(1980, 2619), gpu.MaxClocks);
        Assert.Equal(new ComputeCapability(9, 0), gpu.Arch);
        Assert.Equal("Hopper", gpu.Family);
        Assert.Equal(16896, gpu.Cores);
        // Bandwidth: 2 × (2619 MHz × 1000 kHz / 1000) × (5120 bits / 8), as v1 computed it.
        Assert.Equal(new GpuMemory(false, 81559, null, null, null, 2 * 2619 * 640), gpu.Memory);
        Assert.Equal(true, source.Devices[0].Memory.Ecc);
    }

    public static TheoryData<string, int, int, P2PLinkType> TopologyRows => new()
    {
        { "same board (NVML_TOPOLOGY_INTERNAL)", 0, 1, P2PLinkType.SameBoard },
        { "single PCIe switch (NVML_TOPOLOGY_SINGLE)", 0, 2, P2PLinkType.SingleSwitch },
        { "multiple PCIe switches (NVML_TOPOLOGY_MULTIPLE)", 1, 2, P2PLinkType.MultipleSwitches },
        { "host bridge (NVML_TOPOLOGY_HOSTBRIDGE)", 0, 4, P2PLinkType.HostBridge },
        { "same NUMA node (NVML_TOPOLOGY_NODE)", 0, 5, P2PLinkType.SameCpu },
        { "the pair seen from the higher index", 5, 0, P2PLinkType.SameCpu },
    };

    [Theory]
    [MemberData(nameof(TopologyRows))]
    public void Open_EightGpus_MapsTopologyLevelsToV1Links(string description, int from, int to, P2PLinkType expected)
    {
        using var source = FakeNvml.Open("default", gpus: 8);

        var peer = source.Devices[from].Peers.Single(p => p.BusId == source.Devices[to].Pci.BusId);
        Assert.True(expected == peer.Link, description);
    }

    [Fact]
    public void Open_DefaultMachine_ListsOnlyPeersReachablePeerToPeerInIndexOrder()
    {
        using var source = FakeNvml.Open("default");
        string[] PeersOf(int k) => source.Devices[k].Peers.Select(p => p.BusId).ToArray();
        string[] BusIds(params int[] indexes) => indexes.Select(j => source.Devices[j].Pci.BusId).ToArray();

        Assert.Equal(BusIds(1, 2), PeersOf(0));
        Assert.Equal(BusIds(0, 2), PeersOf(1));
        Assert.Equal(BusIds(0, 1), PeersOf(2));
        // GPU 3 has peer-to-peer disabled by regkey: v1 printed "P2P Available:  None" for it.
        Assert.Empty(PeersOf(3));
    }

    public static TheoryData<string, int, int> NoPeerToPeerRows => new()
    {
        { "disabled by regkey (NVML_P2P_STATUS_DISABLED_BY_REGKEY), same board", 2, 3 },
        { "disabled by regkey, seen from the disabled GPU", 3, 7 },
        { "across CPU sockets (NVML_P2P_STATUS_IOH_TOPOLOGY_NOT_SUPPORTED)", 0, 6 },
        { "across CPU sockets, seen from the higher index", 7, 0 },
    };

    [Theory]
    [MemberData(nameof(NoPeerToPeerRows))]
    public void Open_EightGpus_PairWithoutPeerToPeerIsNoPeerOfEither(string description, int from, int to)
    {
        using var source = FakeNvml.Open("default", gpus: 8);

        Assert.True(source.Devices[from].Peers.All(p => p.BusId != source.Devices[to].Pci.BusId), description);
        Assert.True(source.Devices[to].Peers.All(p => p.BusId != source.Devices[from].Pci.BusId), description);
    }

    /// <summary>Each status but OK that nvmlDeviceGetP2PStatus can give, on the pair of GPU 0 and this GPU.</summary>
    public static TheoryData<string, int> NotOkStatusRows => new()
    {
        { "NVML_P2P_STATUS_CHIPSET_NOT_SUPPORTED", 2 },
        { "NVML_P2P_STATUS_GPU_NOT_SUPPORTED", 3 },
        { "NVML_P2P_STATUS_IOH_TOPOLOGY_NOT_SUPPORTED", 4 },
        { "NVML_P2P_STATUS_DISABLED_BY_REGKEY", 5 },
        { "NVML_P2P_STATUS_NOT_SUPPORTED", 6 },
        { "NVML_P2P_STATUS_UNKNOWN", 7 },
    };

    [Theory]
    [MemberData(nameof(NotOkStatusRows))]
    public void Open_PairStatusNotOk_NoPeerOfEitherWhateverTheReason(string status, int gpu)
    {
        using var source = FakeNvml.Open("p2pmix", gpus: 8);
        var zero = source.Devices[0].Pci.BusId;
        var other = source.Devices[gpu].Pci.BusId;

        Assert.True(source.Devices[0].Peers.All(p => p.BusId != other), status);
        Assert.True(source.Devices[gpu].Peers.All(p => p.BusId != zero), status);
        // Only the pair is ruled out: the GPU stays the peer of the six others.
        Assert.True(source.Devices[gpu].Peers.Count == 6, status);
    }

    [Fact]
    public void Open_PairStatusOk_IsThePeerOfEither()
    {
        using var source = FakeNvml.Open("p2pmix", gpus: 8);

        Assert.Equal([source.Devices[1].Pci.BusId], source.Devices[0].Peers.Select(p => p.BusId));
        Assert.Contains(source.Devices[1].Peers, p => p.BusId == source.Devices[0].Pci.BusId);
    }

    [Fact]
    public void Open_PeerToPeerQueryFails_ThrowsNvmlErrorString()
    {
        var error = Assert.Throws<NvmlException>(() => FakeNvml.Open("p2perror"));

        Assert.Equal("nvml: Unknown Error", error.Message);
        Assert.Equal("nvmlDeviceGetP2PStatus", error.Function);
        AssertNvmlReleased();
    }

    [Fact]
    public void Open_UnsupportedScenario_LeavesUnsupportedFactsNull()
    {
        using var source = FakeNvml.Open("unsupported");
        var gpu = source.Devices[1];

        Assert.Null(gpu.Model);
        Assert.Null(gpu.PowerLimitWatts);
        Assert.Equal(new GpuPci("00000000:28:00.0", null, null), gpu.Pci);
        Assert.Equal(GpuClocks.Unknown, gpu.MaxClocks);
        Assert.Null(gpu.Arch);
        Assert.Null(gpu.Cores);
        Assert.Equal(GpuMemory.Unknown, gpu.Memory);
        Assert.Equal(0, gpu.CpuAffinity);
        Assert.All(gpu.Peers, p => Assert.Equal(P2PLinkType.Unknown, p.Link));
        Assert.Equal(P2PLinkType.SingleSwitch, source.Devices[0].Peers.Single(p => p.BusId == source.Devices[2].Pci.BusId).Link);
        // A driver that cannot tell whether a pair reaches peer-to-peer (GPUs 1 and 3) lists no peer.
        Assert.Equal([source.Devices[0].Pci.BusId, source.Devices[2].Pci.BusId], gpu.Peers.Select(p => p.BusId));
    }

    public static TheoryData<string, string, string> UnidentifiableRows => new()
    {
        { "no UUID", "nouuid", "nvmlDeviceGetUUID" },
        { "no minor number", "nominor", "nvmlDeviceGetMinorNumber" },
        { "no PCI info", "nopci", "nvmlDeviceGetPciInfo_v3" },
    };

    [Theory]
    [MemberData(nameof(UnidentifiableRows))]
    public void Open_GpuNvmlCannotIdentify_ThrowsUnsupportedGpuDevice(string description, string scenario, string function)
    {
        var error = Assert.Throws<UnsupportedGpuDeviceException>(() => FakeNvml.Open(scenario));

        Assert.Equal("unsupported GPU device", error.Message);
        Assert.True(function == error.Function, description);
        AssertNvmlReleased();
    }

    [Fact]
    public void Open_DiscoveryCallFails_ThrowsNvmlErrorString()
    {
        var error = Assert.Throws<NvmlException>(() => FakeNvml.Open("discoveryerror"));

        Assert.Equal("nvml: Unknown Error", error.Message);
        Assert.Equal(NvmlReturn.Unknown, error.Result);
        Assert.Equal("nvmlDeviceGetMinorNumber", error.Function);
        AssertNvmlReleased();
    }

    [Fact]
    public void Open_InitFails_ThrowsDriverNotLoaded()
    {
        var error = Assert.Throws<NvmlException>(() => FakeNvml.Open("initfail"));

        Assert.Equal("nvml: Driver Not Loaded", error.Message);
        Assert.Equal("nvmlInit_v2", error.Function);
        AssertNvmlReleased();
    }

    [Fact]
    public void Open_ZeroGpus_ReturnsNoDevices()
    {
        using var source = FakeNvml.Open("empty");

        Assert.Empty(source.Devices);
        Assert.Equal("550.54.15", source.GetVersions().Driver);
    }

    [Fact]
    public void Open_MissingLibrary_NamesFileReasonAndFixes()
    {
        var missing = Path.Combine(FakeNvml.EmptySysRoot, "no-such-dir", "libnvidia-ml.so.1");

        var error = Assert.Throws<NvmlLibraryNotFoundException>(() => NvmlGpuSource.Open(missing));

        Assert.Equal(missing, error.Library);
        Assert.Equal($"{missing}: cannot open shared object file: No such file or directory", error.Reason);
        Assert.Equal(
            $"failed to load NVML from {missing}: {missing}: cannot open shared object file: No such file or directory. " +
            "Install the NVIDIA driver (it provides libnvidia-ml.so.1), pass --nvml-library PATH, or run with --simulate.",
            error.Message);
    }

    public static TheoryData<string, string?, int> AffinityRows => new()
    {
        { "sysfs names the node", "1\n", 1 },
        { "sysfs -1 (no NUMA) is node 0, as v1", "-1\n", 0 },
        { "no sysfs entry: NVML's node (GPU 2 of 4 sits on node 1)", null, 1 },
    };

    [Theory]
    [MemberData(nameof(AffinityRows))]
    public void Open_CpuAffinity_ReadsSysfsThenNvml(string description, string? numaNode, int expected)
    {
        var root = SysRootWithNumaNode("0000:38:00.0", numaNode);

        using var source = FakeNvml.Open("default", sysRoot: root);

        Assert.True(expected == source.Devices[2].CpuAffinity, description);
    }

    [Fact]
    public void Open_SysfsNumaNodeNotANumber_ThrowsCpuAffinityError()
    {
        var root = SysRootWithNumaNode("0000:18:00.0", "node0\n");

        var error = Assert.Throws<InvalidDataException>(() => FakeNvml.Open("default", sysRoot: root));

        Assert.StartsWith("failed to retrieve CPU affinity: ", error.Message, StringComparison.Ordinal);
        AssertNvmlReleased();
    }

    // Discovery failures must not leave NVML initialised: the next open has to see a new machine.
    private static void AssertNvmlReleased()
    {
        using var source = FakeNvml.Open("default", gpus: 2);
        Assert.Equal(2, source.Devices.Count);
    }

    private static string SysRootWithNumaNode(string busId, string? numaNode)
    {
        var root = Directory.CreateTempSubdirectory("nvml-sysroot-").FullName;
        if (numaNode is not null)
        {
            var device = Path.Combine(root, "sys", "bus", "pci", "devices", busId);
            Directory.CreateDirectory(device);
            File.WriteAllText(Path.Combine(device, "numa_node"), numaNode);
        }

        return root;
    }
}
