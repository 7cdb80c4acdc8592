using System.Text;
using NvContract.Core.Gpu;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Core.Tests.Simulation;

public class SimulationProfilesTests
{
    [Fact]
    public void BuiltIn_ListsTheShippedProfiles() =>
        Assert.Equal(["dgx-h100", "empty", "hgx-h100-mig", "legacy-mixed"], SimulationProfiles.BuiltIn);

    [Fact]
    public void Load_DgxH100_EightHoppersOnTwoSockets()
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));
        Assert.Equal(8, source.Devices.Count);
        Assert.All(source.Devices, d =>
        {
            Assert.Equal("Hopper", d.Family);
            Assert.Equal(16896, d.Cores);
            Assert.Equal(63008, d.Pci.BandwidthMBs);
            Assert.Equal(3352320, d.Memory.BandwidthMBs);
        });
        Assert.Equal(P2PLinkType.SameCpu, source.Devices[0].Peers[0].Link);
        Assert.Equal(P2PLinkType.CrossCpu, source.Devices[0].Peers[5].Link);
        Assert.Equal(1, source.Devices[7].CpuAffinity);
    }

    [Fact]
    public void Load_DgxH100_GpuWithPeerToPeerDisabledIsNobodysPeer()
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));
        var fenced = source.Devices[7];

        Assert.Empty(fenced.Peers);
        Assert.All(source.Devices.Take(7), d =>
        {
            Assert.Equal(6, d.Peers.Count);
            Assert.DoesNotContain(d.Peers, p => p.BusId == fenced.Pci.BusId);
        });
    }

    [Fact]
    public void Parse_PeerP2PStatus_OnlyOkPairsArePeersAndAbsentMeansOk()
    {
        const string json = """
            {"driverVersion":"1","models":{"m":{}},
             "gpus":[{"model":"m","uuid":"GPU-0","minor":0,"busId":"b0"},{"model":"m","uuid":"GPU-1","minor":1,"busId":"b1"},
                     {"model":"m","uuid":"GPU-2","minor":2,"busId":"b2"},{"model":"m","uuid":"GPU-3","minor":3,"busId":"b3"}],
             "peers":[{"gpus":[0,1],"link":"SameBoard"},
                      {"gpus":[0,2],"link":"HostBridge","p2p":"Ok"},
                      {"gpus":[0,3],"link":"CrossCpu","p2p":"IohTopologyNotSupported"},
                      {"gpus":[1,2],"link":"HostBridge","p2p":"ChipsetNotSupported"},
                      {"gpus":[1,3],"link":"CrossCpu","p2p":"GpuNotSupported"},
                      {"gpus":[2,3],"link":"CrossCpu","p2p":"DisabledByRegkey"}]}
            """;

        using var source = new SimulatedGpuSource(SimulationProfiles.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test"));

        Assert.Equal(["b1", "b2"], source.Devices[0].Peers.Select(p => p.BusId));
        Assert.Equal(["b0"], source.Devices[1].Peers.Select(p => p.BusId));
        Assert.Equal(["b0"], source.Devices[2].Peers.Select(p => p.BusId));
        Assert.Empty(source.Devices[3].Peers);
    }

    [Fact]
    public void Load_LegacyMixed_UnsupportedModelIsAllNulls()
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("legacy-mixed"));
        var bare = source.Devices[2];
        Assert.Null(bare.Model);
        Assert.Null(bare.Arch);
        Assert.Null(bare.Cores);
        Assert.Equal(GpuMemory.Unknown, bare.Memory);
        Assert.Equal(GpuStatus.Unknown, source.GetStatus(2));
        Assert.Equal("/dev/nvidia3", bare.Path);
        Assert.Equal(P2PLinkType.SameBoard, source.Devices[1].Peers.Single().Link);
        Assert.Empty(bare.Peers);
        Assert.Empty(source.Devices[1].NvLinks);
    }

    [Fact]
    public void Load_DgxH100_EveryGpuHasEighteenNvLinksToEachOther()
    {
        using var source = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));

        Assert.All(source.Devices, d => Assert.Equal(7, d.NvLinks.Count(p => p.Links == 18)));
    }

    public static TheoryData<string, string, string> BadProfiles => new()
    {
        { "syntax error", "{", "invalid test: " },
        { "typo in a member", """{"driverVersion":"1","gpuz":[]}""", "gpuz" },
        { "missing driver version", """{"gpus":[]}""", "driverVersion" },
        { "unknown model", """{"driverVersion":"1","gpus":[{"model":"x","uuid":"GPU-1","minor":0,"busId":"b"}]}""", "names model 'x'" },
        { "bad compute capability", """{"driverVersion":"1","models":{"m":{"computeCapability":"nine"}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b"}]}""", "invalid compute capability" },
        { "repeated minor", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b"},{"model":"m","uuid":"GPU-2","minor":0,"busId":"c"}]}""", "repeats minor number 0" },
        { "peer out of range", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b"}],"peers":[{"gpus":[0,1],"link":"SameBoard"}]}""", "two different GPU indexes below 1" },
        { "unknown link name", """{"driverVersion":"1","peers":[{"gpus":[0,1],"link":"Warp"}]}""", "invalid test" },
        { "health event on a GPU the profile lacks", """{"driverVersion":"1","healthEvents":[{"gpu":0,"atSeconds":1,"xid":79}]}""", "healthEvents[0] names GPU 0; the profile has 0" },
        { "health event without an event", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b"}],"healthEvents":[{"gpu":0,"atSeconds":1}]}""", "needs atSeconds >= 0 and an xid" },
        { "negative NVLink count", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b"},{"model":"m","uuid":"GPU-2","minor":1,"busId":"c"}],"peers":[{"gpus":[0,1],"link":"SameBoard","nvlinks":-2}]}""", "has -2 nvlinks; the count cannot be negative" },
        { "unknown peer-to-peer status", """{"driverVersion":"1","peers":[{"gpus":[0,1],"link":"SameBoard","p2p":"Maybe"}]}""", "$.peers[0].p2p" },
        { "MIG devices without MIG mode", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b","mig":[{"gpuInstance":1,"computeInstance":0,"uuid":"MIG-1"}]}]}""", "gpus[0] lists MIG devices but migEnabled is not true" },
        { "MIG UUID without MIG-", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b","migEnabled":true,"mig":[{"gpuInstance":1,"computeInstance":0,"uuid":"GPU-2"}]}]}""", "gpus[0].mig[0] needs a UUID of its own starting with MIG-" },
        { "repeated MIG instance", """{"driverVersion":"1","models":{"m":{}},"gpus":[{"model":"m","uuid":"GPU-1","minor":0,"busId":"b","migEnabled":true,"mig":[{"gpuInstance":1,"computeInstance":0,"uuid":"MIG-1"},{"gpuInstance":1,"computeInstance":0,"uuid":"MIG-2"}]}]}""", "gpus[0].mig[1] repeats GPU instance 1, compute instance 0" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public void Parse_BadProfile_ThrowsWithReason(string description, string json, string expected)
    {
        var e = Assert.Throws<InvalidProfileException>(() => SimulationProfiles.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test"));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{description}: {e.Message}");
    }

    [Fact]
    public void Load_MissingFile_NamesTheBuiltInProfiles()
    {
        var e = Assert.Throws<InvalidProfileException>(() => SimulationProfiles.Load("/nonexistent/profile.json"));
        Assert.Contains("dgx-h100, empty, hgx-h100-mig, legacy-mixed", e.Message);
    }
}

public sealed class SimulatedGpuSourceUpgradeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string File => _folder.Combine("host.json");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void GetVersions_ProfileFileChanges_ReadsNewVersionsKeepsDevices()
    {
        Write(Profile("550.54.15", "12.4", "GPU-aaaa"), 0);
        using var source = SimulatedGpuSource.Open(File);
        Assert.Equal(new DriverVersions("550.54.15", "12.4"), source.GetVersions());

        // The upgrade changes the versions; devices stay as discovered, as on NVML.
        Write(Profile("560.28.03", "12.6", "GPU-bbbb"), 1);
        Assert.Equal(new DriverVersions("560.28.03", "12.6"), source.GetVersions());
        Assert.Equal("GPU-aaaa", Assert.Single(source.Devices).Uuid);

        // Half-written: the last good versions stay until the file is whole again.
        Write("""{"driverVersion":""", 2);
        Assert.Equal(new DriverVersions("560.28.03", "12.6"), source.GetVersions());
        Write(Profile("570.86.10", "12.8", "GPU-bbbb"), 3);
        Assert.Equal(new DriverVersions("570.86.10", "12.8"), source.GetVersions());
    }

    private static string Profile(string driver, string cuda, string uuid) => $$$"""
        {"driverVersion":"{{{driver}}}","cudaVersion":"{{{cuda}}}","models":{"m":{"name":"Test GPU"}},
         "gpus":[{"model":"m","uuid":"{{{uuid}}}","minor":0,"busId":"00000000:01:00.0"}]}
        """;

    private void Write(string json, int second)
    {
        System.IO.File.WriteAllText(File, json);
        System.IO.File.SetLastWriteTimeUtc(File, new DateTime(2026, 1, 1, 0, 0, second, DateTimeKind.Utc));
    }
}
