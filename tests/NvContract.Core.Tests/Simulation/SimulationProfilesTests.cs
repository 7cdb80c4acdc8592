using System.Text;
using NvContract.Core.Gpu;
using NvContract.Core.Simulation;

namespace NvContract.Core.Tests.Simulation;

public class SimulationProfilesTests
{
    [Fact]
    public void BuiltIn_ListsTheShippedProfiles() =>
        Assert.Equal(["dgx-h100", "empty", "legacy-mixed"], SimulationProfiles.BuiltIn);

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
            Assert.Equal(7, d.Peers.Count);
        });
        Assert.Equal(P2PLinkType.SameCpu, source.Devices[0].Peers[0].Link);
        Assert.Equal(P2PLinkType.CrossCpu, source.Devices[0].Peers[6].Link);
        Assert.Equal(1, source.Devices[7].CpuAffinity);
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
        Assert.Contains("dgx-h100, empty, legacy-mixed", e.Message);
    }
}
