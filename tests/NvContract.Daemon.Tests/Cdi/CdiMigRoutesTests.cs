using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Mig;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Daemon.Tests.Cdi;

/// <summary>
/// The v1.1 CDI routes on the hgx-h100-mig profile (GPUs 0 and 1 hold MIG devices, GPU 2 is in MIG
/// mode without any, GPU 3 is whole), stand-in access nodes and mig-minors: every name
/// /v1.1/docker/cli hands out is a device of /v1.1/cdi/spec.
/// </summary>
public sealed class CdiMigRoutesTests : IAsyncLifetime
{
    private readonly FakeDriverRoot _driver = FakeDriverRoot.WithDriver("550.54.15");
    private readonly TempFolder _roots = new();
    private readonly SimulatedGpuSource _gpus = new(SimulationProfiles.Load("hgx-h100-mig"));
    private RunningDaemon _daemon = null!;

    private string DevRoot => _roots.Combine("dev-root");

    private string ProcRoot => _roots.Combine("proc");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Join(DevRoot, "dev"));
        foreach (var node in new[] { "nvidia0", "nvidia1", "nvidia2", "nvidia3", "nvidiactl", "nvidia-uvm" })
        {
            await File.WriteAllTextAsync(Path.Join(DevRoot, "dev", node), string.Empty);
        }

        MigStandIns.Write(_gpus.MigDevices, ProcRoot, DevRoot);
        _daemon = await RunningDaemon.StartTcpAsync(_gpus, DevRoot, cdi: nodes => new CdiGenerator(
            CdiKind.Default, null, _gpus, new DriverDiscovery(_driver.Root, "/usr/bin", NullLogger<DriverDiscovery>.Instance), nodes, new MigDeviceNodes(ProcRoot), null));
    }

    [Theory]
    [InlineData("0:1")]
    [InlineData("MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e02")]
    public async Task DockerCliCdi_MigDevice_NamesTheSpecsDeviceWithItsNodes(string dev)
    {
        using var http = _daemon.Http;
        var mig = _gpus.MigDevices.Single(m => m.Name == "0:1");

        var line = await http.GetStringAsync($"/v1.1/docker/cli?dev={Uri.EscapeDataString(dev)}");

        Assert.Equal($"--device=nvidia.com/gpu={mig.Uuid}", line);
        var nodes = (await SpecDevices(http))[mig.Uuid].GetProperty("containerEdits").GetProperty("deviceNodes").EnumerateArray()
            .Select(n => n.GetProperty("path").GetString()!).ToArray();
        Assert.Equal(["/dev/nvidia0", .. MigStandIns.CapPaths(mig)], nodes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?dev=0:0+3+1:6")]
    public async Task DockerCliCdi_EveryNameHandedOut_IsADeviceOfTheSpec(string query)
    {
        using var http = _daemon.Http;

        var names = (await http.GetStringAsync("/v1.1/docker/cli" + query)).Split(' ').Select(a => a["--device=nvidia.com/gpu=".Length..]).ToList();

        var devices = await SpecDevices(http);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(devices.ContainsKey(n), $"{n} is not in the spec"));
        if (query.Length == 0)
        {
            // Everything but the aliases: one name per device.
            Assert.Equal(_gpus.MigDevices.Count + 1, names.Count);
        }
    }

    [Fact]
    public async Task DockerCliCdi_WholeGpuInMigMode_400SayingWhy()
    {
        using var http = _daemon.Http;

        using var response = await http.GetAsync("/v1.1/docker/cli?dev=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid device: 0 (GPU 0 is in MIG mode: name its MIG devices, 0:<mig index> or MIG-<uuid>)\n", await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _gpus.Dispose();
        _driver.Dispose();
        _roots.Dispose();
    }

    private static async Task<Dictionary<string, JsonElement>> SpecDevices(HttpClient http)
    {
        using var spec = JsonDocument.Parse(await http.GetStringAsync("/v1.1/cdi/spec"));
        return spec.RootElement.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.Clone());
    }
}
