using System.Text.Json;
using System.Text.Json.Nodes;
using NvContract.Core.Simulation;

namespace NvContract.Daemon.Tests;

/// <summary>
/// Process names are chosen by whoever runs a CUDA program: /gpu/status shows them escaped, one
/// line each, and /gpu/status/json keeps them exact inside JSON escapes.
/// </summary>
public class ProcessNameTests
{
    private const string Name = "x\n  - PID:     1\u001b[2J\u2028\u0085\u007f";

    [Fact]
    public async Task GpuStatus_ProcessNameWithControlCharacters_EscapedInTextExactInJson()
    {
        using var builtIn = typeof(SimulationProfiles).Assembly.GetManifestResourceStream("NvContract.Core.Simulation.Profiles.legacy-mixed.json")!;
        var profile = JsonNode.Parse(builtIn)!;
        profile["gpus"]![1]!["status"]!["processes"]![0]!["name"] = Name;
        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(profile));
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Parse(stream, "test")));
        using var http = daemon.Http;

        var text = await http.GetStringAsync("/gpu/status");
        var json = await http.GetStringAsync("/gpu/status/json");

        Assert.Contains("\n      Name:    x\\n  - PID:     1\\x1b[2J\\u2028\\u0085\\x7f\n", text);
        Assert.DoesNotContain(json.TrimEnd('\n'), c => char.IsControl(c) || c is '\u2028' or '\u2029');
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(Name, parsed.RootElement.GetProperty("Devices")[1].GetProperty("Processes")[0].GetProperty("Name").GetString());
    }
}
