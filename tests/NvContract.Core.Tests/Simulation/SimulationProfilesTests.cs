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

public sealed class SimulatedGpuSourceUpgradeTests : IDisposable
{
    private readonly string _file = Path.Join(Directory.CreateTempSubdirectory("nvc-profile-").FullName, "host.json");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Fact]
    public void GetVersions_ProfileFileChanges_ReadsNewVersionsKeepsDevices()
    {
        Write("""{"driverVersion":"550.54.15","cudaVersion":"12.4"}""", 0);
        using var source = SimulatedGpuSource.Open(_file);
        Assert.Equal(new DriverVersions("550.54.15", "12.4"), source.GetVersions());

        Write("""{"driverVersion":"560.28.03","cudaVersion":"12.6"}""", 1);
        Assert.Equal(new DriverVersions("560.28.03", "12.6"), source.GetVersions());

        Write("""{"driverVersion":""", 2);
        Assert.Equal(new DriverVersions("560.28.03", "12.6"), source.GetVersions());
        Assert.Empty(source.Devices);
    }

    [Fact]
    public void Open_BuiltInProfile_IsNotWatched()
    {
        using var source = SimulatedGpuSource.Open("empty");
        Assert.Equal("550.54.15", source.GetVersions().Driver);
    }

    private void Write(string json, int second)
    {
        File.WriteAllText(_file, json);
        File.SetLastWriteTimeUtc(_file, new DateTime(2026, 1, 1, 0, 0, second, DateTimeKind.Utc));
    }
}
