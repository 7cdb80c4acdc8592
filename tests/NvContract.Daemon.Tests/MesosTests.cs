using System.Text;
using NvContract.Core.Mesos;
using NvContract.Core.Simulation;

namespace NvContract.Daemon.Tests;

public class MesosTests
{
    [Theory]
    [InlineData("dgx-h100")]
    [InlineData("legacy-mixed")]
    [InlineData("empty")]
    public async Task MesosCli_Attribute_DecodesToTheExactInfoJsonBody(string profile)
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load(profile)));
        using var http = daemon.Http;

        var infoJson = await http.GetByteArrayAsync("/v1.0/gpu/info/json");
        var line = await daemon.Client.GetMesosCli();
        Assert.Equal(line, await http.GetStringAsync("/mesos/cli"));
        Assert.DoesNotContain('\n', line);

        var parts = line.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.StartsWith("--attributes=gpus:eJ", parts[0]);
        Assert.Equal(infoJson, MesosArguments.Decode(parts[0]["--attributes=gpus:".Length..]));

        var info = await daemon.Client.GetGpuInfoJson();
        Assert.Equal($"--resources=gpus:{{{string.Join(',', info.Devices.Select(d => d.UUID))}}}", parts[1]);
        Assert.EndsWith("\n", Encoding.UTF8.GetString(infoJson));
    }
}
