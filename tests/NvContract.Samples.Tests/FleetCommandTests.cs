using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using NvContract.Samples.Fleet;

namespace NvContract.Samples.Tests;

/// <summary>The fleet sample against real daemons in this process, plus hosts that fail.</summary>
public class FleetCommandTests
{
    [Fact]
    public async Task RunAsync_TwoDaemonsAndAnUnreachableHost_OneRowPerGpuAndTheFailure()
    {
        await using var h100 = await SimulatedDaemon.StartTcpAsync("dgx-h100");
        await using var legacy = await SimulatedDaemon.StartUnixAsync("legacy-mixed");
        var unreachable = $"http://127.0.0.1:{ClosedPort()}";
        var noSocket = $"unix:{Path.Join(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "api.sock")}";

        var (code, table) = await RunAsync(h100.Address, legacy.Address, unreachable, noSocket);

        Assert.Equal(1, code);
        Assert.Equal(FleetTable.Header, table[0]);
        var h100Rows = await ExpectedRowsAsync(h100);
        var legacyRows = await ExpectedRowsAsync(legacy);
        Assert.Equal(8, h100Rows.Count);
        Assert.Equal([.. h100Rows, .. legacyRows], table.Skip(1).Where(r => r[0] != unreachable && r[0] != noSocket));
        // The legacy profile has a GPU that reports nothing: the table says so instead of inventing values.
        Assert.Contains(table, r => r[0] == legacy.Address && r[2] == "N/A" && r[4] == "N/A");
        Assert.Contains(table, r => r[0] == legacy.Address && r[2] == "Tesla K80");

        var failure = Assert.Single(table, r => r[0] == unreachable);
        Assert.Equal("-", failure[1]);
        Assert.StartsWith("error: unreachable: Connection refused", failure[2]);
        Assert.Equal([noSocket, "-", $"error: unreachable: no socket at {noSocket["unix:".Length..]}"], table[^1]);
    }

    [Fact]
    public async Task RunAsync_HostThatNeverAnswers_ReportedAfterItsTimeoutOthersUnaffected()
    {
        await using var h100 = await SimulatedDaemon.StartTcpAsync("dgx-h100");
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections, never answers
        var silentAddress = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var clock = Stopwatch.StartNew();
        var (code, table) = await RunAsync("--timeout", "1", silentAddress, h100.Address);

        Assert.Equal(1, code);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
        Assert.Equal(["127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port, "-", "error: no answer within 1 s"], table[1]);
        Assert.Equal(await ExpectedRowsAsync(h100), table.Skip(2));
    }

    [Fact]
    public async Task RunAsync_AllHostsAnswer_Exits0()
    {
        await using var h100 = await SimulatedDaemon.StartTcpAsync("dgx-h100");

        var (code, table) = await RunAsync(h100.Address);

        Assert.Equal(0, code);
        Assert.Equal(9, table.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--timeout 0 localhost:3476")]
    [InlineData("--timeout")]
    [InlineData("--bogus localhost:3476")]
    public async Task RunAsync_BadUsage_Exits2WithUsage(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.Equal(2, await FleetCommand.RunAsync(args, stdout, stderr, CancellationToken.None));
        Assert.Equal("", stdout.ToString());
        Assert.Contains("usage: nvcontract-fleet", stderr.ToString());
    }

    /// <summary>Runs the sample and splits its table into cells (columns are two or more spaces apart).</summary>
    private static async Task<(int Code, List<string[]> Table)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await FleetCommand.RunAsync(args, stdout, stderr, CancellationToken.None);
        Assert.Equal("", stderr.ToString());
        var table = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Regex.Split(line, " {2,}"))
            .ToList();
        return (code, table);
    }

    /// <summary>The rows the daemon's own JSON calls for, read without the SDK.</summary>
    private static async Task<List<string[]>> ExpectedRowsAsync(SimulatedDaemon daemon)
    {
        using var http = daemon.Http;
        using var info = JsonDocument.Parse(await http.GetStringAsync("/v1.0/gpu/info/json"));
        using var status = JsonDocument.Parse(await http.GetStringAsync("/v1.0/gpu/status/json"));
        var devices = info.RootElement.GetProperty("Devices").EnumerateArray().ToList();
        var states = status.RootElement.GetProperty("Devices").EnumerateArray().ToList();
        return devices.Select((d, i) => new[]
        {
            daemon.Address,
            i.ToString(),
            Text(d.GetProperty("Model")),
            $"{Text(states[i].GetProperty("Memory").GetProperty("GlobalUsed"))} / {Text(d.GetProperty("Memory").GetProperty("Global"))}",
            Text(states[i].GetProperty("Utilization").GetProperty("GPU"), " %"),
            Text(states[i].GetProperty("Temperature"), " °C"),
            $"{Text(states[i].GetProperty("Power"))} / {Text(d.GetProperty("Power"))}",
        }).ToList();
    }

    private static string Text(JsonElement value, string unit = "") =>
        value.ValueKind == JsonValueKind.Null ? "N/A" : value.ToString() + unit;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
