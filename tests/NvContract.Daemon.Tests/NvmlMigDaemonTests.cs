using System.Diagnostics;
using System.Net;
using System.Text.Json;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// MIG end to end: the built daemon on the fake's "mig" machine, whose layout the test rewrites
/// (FAKE_NVML_MIG_FILE), with a stand-in mig-minors under --proc-root and nodes under --dev-root.
/// GPU 0 has minor number 1, so its capabilities are gpu1/...
/// </summary>
public sealed class NvmlMigDaemonTests : IDisposable
{
    private static readonly string FakeNvml = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    private readonly DaemonLauncher _launcher = new("nvc-mig-");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("nvc-mig-roots-");

    private string ProcRoot => Path.Join(_folder.FullName, "proc");

    private string DevRoot => Path.Join(_folder.FullName, "devroot");

    private string LayoutFile => Path.Join(_folder.FullName, "mig-layout");

    public NvmlMigDaemonTests()
    {
        Directory.CreateDirectory(Path.Join(ProcRoot, "driver", "nvidia-caps"));
        File.WriteAllText(Path.Join(ProcRoot, "driver", "nvidia-caps", "mig-minors"), """
            config 1
            monitor 2
            gpu1/gi2/access 21
            gpu1/gi2/ci0/access 22
            gpu1/gi9/access 84
            gpu1/gi9/ci0/access 85
            gpu1/gi10/access 93
            gpu1/gi10/ci0/access 94
            """);
        Directory.CreateDirectory(Path.Join(DevRoot, "dev", "nvidia-caps"));
        foreach (var node in new[] { "nvidiactl", "nvidia-uvm", "nvidia1", "nvidia-caps/nvidia-cap21", "nvidia-caps/nvidia-cap22", "nvidia-caps/nvidia-cap84", "nvidia-caps/nvidia-cap85" })
        {
            File.WriteAllText(Path.Join(DevRoot, "dev", node), "");
        }
    }

    [Fact]
    public async Task InfoAndDockerCli_LayoutRewrittenAtRunTime_FollowTheNewLayout()
    {
        File.WriteAllText(LayoutFile, "0 0 9 0 1g.10gb\n0 2 10 0 1g.10gb\n");
        var port = Loopback.FreePort();
        using var process = Start(port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var info = await Retry.HttpAsync(() => http.GetStringAsync("/v1.1/gpu/info/json"));

            Assert.Equal(["0:0 1g.10gb 9", "0:1 1g.10gb 10"], MigDevices(info, 0));
            Assert.Empty(MigDevices(info, 1));
            Assert.Equal([true, true, false, false], MigModes(info));
            Assert.DoesNotContain("MIG", await http.GetStringAsync("/v1.0/gpu/info/json"));

            Assert.Equal(["nvidia1", "nvidia-caps/nvidia-cap93", "nvidia-caps/nvidia-cap94"], await GpuNodes(http, "0:1"));
            Assert.Equal(["nvidia1", "nvidia-caps/nvidia-cap84", "nvidia-caps/nvidia-cap85"], await GpuNodes(http, "MIG-GPU-fa6e0000-0000-4000-8000-000000001000/9/0"));
            var uuid = JsonDocument.Parse(info).RootElement.GetProperty("Devices")[0].GetProperty("MIG").GetProperty("Devices")[0].GetProperty("UUID").GetString()!;
            Assert.Equal(["nvidia1", "nvidia-caps/nvidia-cap84", "nvidia-caps/nvidia-cap85"], await GpuNodes(http, uuid));

            // An operator re-partitions GPU 0: one 3g.40gb instance in slot 0.
            File.WriteAllText(LayoutFile, "0 0 2 0 3g.40gb\n");
            var changed = await WaitFor(http, "/v1.1/gpu/info/json", body => MigDevices(body, 0).SequenceEqual(["0:0 3g.40gb 2"]));

            Assert.Equal(["nvidia1", "nvidia-caps/nvidia-cap21", "nvidia-caps/nvidia-cap22"], await GpuNodes(http, "0:0"));
            using var gone = await http.GetAsync("/docker/cli?dev=0:1");
            Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
            Assert.Equal("invalid device: 0:1\n", await gone.Content.ReadAsStringAsync());
            using var goneUuid = await http.GetAsync($"/docker/cli?dev={uuid}");
            Assert.Equal($"invalid device: {uuid}\n", await goneUuid.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task CdiSpec_LayoutRewrittenAtRunTime_FollowsAndNeverAgainNamesARemovedDevice()
    {
        File.WriteAllText(LayoutFile, "0 0 9 0 1g.10gb\n0 2 10 0 1g.10gb\n");
        foreach (var node in new[] { "nvidia0", "nvidia2", "nvidia3", "nvidia-caps/nvidia-cap93", "nvidia-caps/nvidia-cap94" })
        {
            File.WriteAllText(Path.Join(DevRoot, "dev", node), "");
        }

        using var driver = FakeDriverRoot.WithDriver("550.54.15");
        var spec = Path.Join(_folder.FullName, "cdi", "nvidia-docker-plugin.nvidia.com-gpu.json");
        using var process = _launcher.Start(
            new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "mig", ["FAKE_NVML_GPUS"] = "4", ["FAKE_NVML_MIG_FILE"] = LayoutFile },
            ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{Loopback.FreePort()}", "--proc-root", ProcRoot, "--dev-root", DevRoot, "--driver-root", driver.Root, "--cdi-dir", Path.GetDirectoryName(spec)!]);
        try
        {
            var before = await WaitForSpec(spec, process, devices => devices.ContainsKey("0:1"));
            Assert.Equal(["0:0", "0:1", "2", "3"], before.Keys.Where(n => n.Contains(':', StringComparison.Ordinal) || n.Length == 1));
            Assert.Equal(["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap93", "/dev/nvidia-caps/nvidia-cap94"], Nodes(before["0:1"]));
            var removed = before.Keys.Where(n => n.StartsWith("MIG-", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, removed.Count);
            Assert.Equal(Nodes(before["0:1"]), Nodes(before[removed[1]]));
            // GPUs 0 and 1 are in MIG mode: named only through their MIG devices.
            Assert.DoesNotContain("GPU-fa6e0000-0000-4000-8000-000000001000", before.Keys);
            Assert.DoesNotContain("GPU-fa6e0001-0000-4000-8000-000000001001", before.Keys);

            // An operator re-partitions GPU 0: one 3g.40gb instance in slot 0, both 1g.10gb gone.
            File.WriteAllText(LayoutFile, "0 0 2 0 3g.40gb\n");
            var after = await WaitForSpec(spec, process, devices => !devices.ContainsKey("0:1"));

            Assert.Equal(["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap21", "/dev/nvidia-caps/nvidia-cap22"], Nodes(after["0:0"]));
            Assert.DoesNotContain(after.Keys, removed.Contains);
            Assert.DoesNotContain("nvidia-cap93", File.ReadAllText(spec));

            // The spec stays on the new layout over several refreshes: nothing brings a removed device back.
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(100);
                Assert.DoesNotContain(removed, File.ReadAllText(spec).Contains);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Status_GpuInMigMode_UtilisationIsNaAndEachInstanceHasItsMemory()
    {
        var port = Loopback.FreePort();
        using var process = Start(port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var status = JsonDocument.Parse(await Retry.HttpAsync(() => http.GetStringAsync("/v1.1/gpu/status/json")));
            var gpu0 = status.RootElement.GetProperty("Devices")[0];
            var text = await http.GetStringAsync("/v1.1/gpu/status");

            Assert.Equal(JsonValueKind.Null, gpu0.GetProperty("Status").GetProperty("Utilization").GetProperty("GPU").ValueKind);
            Assert.Equal([66L, 67L, 73L, 74L], gpu0.GetProperty("MIG").EnumerateArray().Select(m => m.GetProperty("Memory").GetProperty("Used").GetInt64()));
            Assert.All(gpu0.GetProperty("MIG").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("Utilization").GetProperty("GPU").ValueKind));
            Assert.Contains("  MIG Device 0:0\n    Profile:      3g.40gb\n", text);
            Assert.Contains("    Utilization:  N/A\n", text);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task OlderLibraryWithoutMigSymbols_ServesWholeGpusAndNoMig()
    {
        var port = Loopback.FreePort();
        var withoutMig = Path.Join(AppContext.BaseDirectory, "fake-nvml-nomig", "libnvidia-ml.so.1");
        using var process = _launcher.Start(
            new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "mig", ["FAKE_NVML_GPUS"] = "4" },
            ["--nvml-library", withoutMig, "-l", $"127.0.0.1:{port}", "--proc-root", ProcRoot, "--dev-root", DevRoot]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var info = await Retry.HttpAsync(() => http.GetStringAsync("/v1.1/gpu/info/json"));

            Assert.Equal([null, null, null, null], MigModes(info));
            Assert.All(Enumerable.Range(0, 4), i => Assert.Empty(MigDevices(info, i)));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1.1/gpu/status/json")).StatusCode);
            using var mig = await http.GetAsync("/docker/cli?dev=0:0");
            Assert.Equal("invalid device: 0:0\n", await mig.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain("EntryPointNotFound", await stderr);
    }

    [Fact]
    public async Task DevicePluginAndCdi_MigModeLostAtStart_ServeAndReadTheLayoutOnceTheGpuAnswers()
    {
        var lost = Path.Join(_folder.FullName, "mig-mode-lost");
        File.WriteAllText(lost, "");
        // An empty events file keeps the machine's built-in Xid 79 out of this test's log.
        var events = Path.Join(_folder.FullName, "events");
        File.WriteAllText(events, "");
        var pluginDir = Directory.CreateDirectory(Path.Join(_folder.FullName, "device-plugins")).FullName;
        using var driver = FakeDriverRoot.WithDriver("550.54.15");
        var spec = Path.Join(_folder.FullName, "cdi", "nvidia-docker-plugin.nvidia.com-gpu.json");
        var port = Loopback.FreePort();
        using var process = _launcher.Start(
            new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "mig", ["FAKE_NVML_GPUS"] = "4", ["FAKE_NVML_MIG_MODE_LOST_FILE"] = lost, ["FAKE_NVML_EVENTS_FILE"] = events },
            ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}", "--proc-root", ProcRoot, "--dev-root", DevRoot, "--driver-root", driver.Root, "--cdi-dir", Path.GetDirectoryName(spec)!, "--device-plugin-dir", pluginDir]);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginErrorReadLine();
        const string layoutFailed = "Error: device plugin: cannot read the MIG layout and device nodes: nvml: GPU is lost;";
        const string layoutBack = "Device plugin: the MIG layout and device nodes are read again";
        var specFailed = $"Error: cannot refresh the CDI spec {spec}: nvml: GPU is lost";
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            // The device plugin starts after the REST API: once it logs, both serve.
            await WaitForLog(log, process, layoutFailed);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1.0/gpu/info/json")).StatusCode);
            Assert.True(File.Exists(Path.Join(pluginDir, "nvidia-gpu.sock")), "the device plugin's socket is missing");
            await WaitForLog(log, process, specFailed);
            Assert.False(File.Exists(spec));
            // The MIG view cannot be read while the GPU is lost: v1's 500 for an NVML error.
            Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync("/v1.1/gpu/info/json")).StatusCode);

            File.Delete(lost);
            await WaitForLog(log, process, layoutBack);
            var info = await WaitFor(http, "/v1.1/gpu/info/json", body => MigDevices(body, 0).Length == 4);
            Assert.Equal(["0:0 3g.40gb 2", "0:1 2g.20gb 3", "0:2 1g.10gb 9", "0:3 1g.10gb 10"], MigDevices(info, 0));
            var devices = await WaitForSpec(spec, process, d => d.ContainsKey("0:0"));
            Assert.Equal(["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap21", "/dev/nvidia-caps/nvidia-cap22"], Nodes(devices["0:0"]));

            Assert.Equal(0, Signals.Send(process.Id, Signals.Terminate));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        Assert.Equal(0, process.ExitCode);
        Assert.Single(log, l => l.Contains(layoutFailed, StringComparison.Ordinal));
        Assert.Single(log, l => l.EndsWith(specFailed, StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    /// <summary>Waits until the daemon has logged a line containing <paramref name="text"/>.</summary>
    private static async Task WaitForLog(System.Collections.Concurrent.ConcurrentQueue<string> log, Process daemon, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!log.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(daemon.HasExited, $"the daemon exited: {string.Join('\n', log)}");
            Assert.True(DateTime.UtcNow < deadline, $"not logged in time: {text}\n{string.Join('\n', log)}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _launcher.Dispose();
        _folder.Delete(recursive: true);
    }

    private Process Start(int port) => _launcher.Start(
        new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "mig", ["FAKE_NVML_GPUS"] = "4", ["FAKE_NVML_MIG_FILE"] = File.Exists(LayoutFile) ? LayoutFile : "" },
        ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}", "--proc-root", ProcRoot, "--dev-root", DevRoot]);

    private static string[] MigDevices(string info, int gpu) =>
        JsonDocument.Parse(info).RootElement.GetProperty("Devices")[gpu].GetProperty("MIG").GetProperty("Devices").EnumerateArray()
            .Select(m => $"{m.GetProperty("Name").GetString()} {m.GetProperty("Profile").GetString()} {m.GetProperty("GpuInstance").GetInt64()}")
            .ToArray();

    private static bool?[] MigModes(string info) =>
        JsonDocument.Parse(info).RootElement.GetProperty("Devices").EnumerateArray()
            .Select(d => d.GetProperty("MIG").GetProperty("Enabled") is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? e.GetBoolean() : (bool?)null)
            .ToArray();

    /// <summary>The container paths of the GPU nodes /docker/cli/json gives for <paramref name="dev"/>, control nodes left out.</summary>
    private async Task<string[]> GpuNodes(HttpClient http, string dev)
    {
        using var cli = JsonDocument.Parse(await http.GetStringAsync($"/docker/cli/json?dev={Uri.EscapeDataString(dev)}"));
        var prefix = $"{DevRoot}/dev/";
        return cli.RootElement.GetProperty("Devices").EnumerateArray()
            .Select(d => d.GetString()!)
            .Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)])
            .Select(d => d.StartsWith(prefix, StringComparison.Ordinal) ? d[prefix.Length..] : d)
            .Where(d => d is not ("nvidiactl" or "nvidia-uvm" or "nvidia-uvm-tools"))
            .ToArray();
    }

    /// <summary>The spec's devices by name, once the file exists and <paramref name="done"/> holds.</summary>
    private static async Task<Dictionary<string, JsonElement>> WaitForSpec(string path, Process daemon, Func<Dictionary<string, JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Assert.False(daemon.HasExited, "the daemon exited");
            if (File.Exists(path))
            {
                // Written by rename: a file that exists is whole.
                using var spec = JsonDocument.Parse(File.ReadAllBytes(path));
                var devices = spec.RootElement.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.Clone());
                if (done(devices))
                {
                    return devices;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "the spec did not follow in time");
            await Task.Delay(50);
        }
    }

    private static string[] Nodes(JsonElement device) =>
        device.GetProperty("containerEdits").GetProperty("deviceNodes").EnumerateArray().Select(n => n.GetProperty("path").GetString()!).ToArray();

    private static async Task<string> WaitFor(HttpClient http, string route, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var body = await http.GetStringAsync(route);
            if (done(body) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }
}
