using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// The daemon on NVML end to end: the built executable with <c>--nvml-library</c> pointing at the
/// fake libnvidia-ml.so.1 (tests/native), whose machine is chosen by FAKE_NVML_SCENARIO/FAKE_NVML_GPUS.
/// </summary>
public sealed class NvmlDaemonTests : IDisposable
{
    /// <summary>The plugin socket and volumes of this test, kept out of /run/docker/plugins.</summary>
    private readonly DaemonLauncher _launcher = new("nvc-nvml-");

    private static readonly string FakeNvml = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    [Fact]
    public async Task GpuInfoAndStatus_FakeNvml_ServeItsDevices()
    {
        var port = Loopback.FreePort();
        using var process = Start("default", gpus: 2, ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}"]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            using var info = JsonDocument.Parse(await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json")));
            using var status = JsonDocument.Parse(await http.GetStringAsync("/v1.0/gpu/status/json"));

            Assert.Equal("550.54.15", info.RootElement.GetProperty("Version").GetProperty("Driver").GetString());
            var devices = info.RootElement.GetProperty("Devices").EnumerateArray().ToArray();
            Assert.Equal(["GPU-fa6e0000-0000-4000-8000-000000001000", "GPU-fa6e0001-0000-4000-8000-000000001001"], devices.Select(d => d.GetProperty("UUID").GetString()));
            Assert.Equal(["/dev/nvidia1", "/dev/nvidia0"], devices.Select(d => d.GetProperty("Path").GetString()));
            Assert.Equal([100, 101], status.RootElement.GetProperty("Devices").EnumerateArray().Select(d => d.GetProperty("Power").GetInt32()));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Contains("Loading NVIDIA management library", await stderr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Startup_UvmDeviceUnderDevRoot_WarnsOnlyWhenMissing(bool present)
    {
        var devRoot = Directory.CreateTempSubdirectory("nvc-devroot-").FullName;
        Directory.CreateDirectory(Path.Join(devRoot, "dev"));
        if (present)
        {
            File.WriteAllText(Path.Join(devRoot, "dev", "nvidia-uvm"), "");
        }

        var port = Loopback.FreePort();
        using var process = Start("default", gpus: 1, ["--nvml-library", FakeNvml, "--dev-root", devRoot, "-l", $"127.0.0.1:{port}"]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json"));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(devRoot, recursive: true);
        }

        var log = await stderr;
        var uvm = log.IndexOf("Loading NVIDIA unified memory", StringComparison.Ordinal);
        Assert.InRange(uvm, 0, log.IndexOf("Loading NVIDIA management library", StringComparison.Ordinal));
        Assert.Equal(!present, log.Contains($"Warning: {devRoot}/dev/nvidia-uvm does not exist; CUDA in containers needs it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DriverUpgrade_KernelModuleVersionChanges_RestartsInPlaceAndServesAgain()
    {
        var sysRoot = Directory.CreateTempSubdirectory("nvc-sys-").FullName;
        var version = Path.Join(sysRoot, "sys", "module", "nvidia", "version");
        Directory.CreateDirectory(Path.GetDirectoryName(version)!);
        File.WriteAllText(version, "550.54.15\n");
        var port = Loopback.FreePort();
        using var process = Start("default", gpus: 2, ["--nvml-library", FakeNvml, "--sys-root", sysRoot, "-l", $"127.0.0.1:{port}"]);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json"));

            File.WriteAllText(version, "560.28.03\n");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (log.Count(l => l.EndsWith($"Serving remote API at 127.0.0.1:{port}", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.False(process.HasExited);
            Assert.Contains("550.54.15", await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json")));
            Assert.Equal(0, Signals.Send(process.Id, Signals.Terminate));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            Directory.Delete(sysRoot, recursive: true);
        }

        Assert.Equal(0, process.ExitCode);
        var messages = log.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^.*? \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d ", "")).ToList();
        Assert.Equal(2, messages.Count(m => m == "Loading NVIDIA management library"));
        Assert.Contains("Driver upgraded from 550.54.15 to 560.28.03: restarting to load its management library", messages);
        Assert.Equal("Successfully terminated", messages.Last());
        Assert.Single(messages, m => m == "Successfully terminated");
    }

    [Fact]
    public async Task GpuInfo_NoNvmlLibraryFlag_LoadsSonameThroughTheDynamicLoader()
    {
        var port = Loopback.FreePort();
        using var process = Start("default", gpus: 3, ["-l", $"127.0.0.1:{port}"], loaderPath: Path.GetDirectoryName(FakeNvml));
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            using var info = JsonDocument.Parse(await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json")));

            Assert.Equal(3, info.RootElement.GetProperty("Devices").GetArrayLength());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Contains("Loading NVIDIA management library", await stderr);
    }

    [Fact]
    public async Task GpuStatus_NvmlFailsDuringRequest_500AndLogsNvmlError()
    {
        var port = Loopback.FreePort();
        using var process = Start("error", gpus: 2, ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}"]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json"));

            var response = await http.GetAsync("/v1.0/gpu/status/json");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.Contains("Error: nvml: Unknown Error", await stderr);
    }

    [Fact]
    public async Task GpuStatus_ProcessExitsDuringTheSweep_ServedWithoutIt()
    {
        var port = Loopback.FreePort();
        using var process = Start("vanishing", gpus: 3, ["--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}"]);
        var stderr = process.StandardError.ReadToEndAsync();
        string text;
        JsonDocument status;
        string metrics;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Retry.HttpAsync(() => http.GetStringAsync("/v1.0/gpu/info/json"));

            text = await http.GetStringAsync("/v1.0/gpu/status");
            status = JsonDocument.Parse(await http.GetStringAsync("/v1.0/gpu/status/json"));
            metrics = await http.GetStringAsync("/metrics");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        // GPU 1 listed pid 2000 only, GPU 2 pids 3000 and 3001: 2000 and 3001 have exited (a GPU
        // without processes has a null list).
        var processes = status.RootElement.GetProperty("Devices").EnumerateArray().Select(d => d.GetProperty("Processes")).ToArray();
        Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Array], processes.Select(p => p.ValueKind));
        Assert.Equal([3000], processes[2].EnumerateArray().Select(p => p.GetProperty("PID").GetInt32()));
        Assert.Contains("      Name:    worker-3000\n", text);
        Assert.DoesNotContain("2000", text);
        Assert.DoesNotContain("3001", text);
        Assert.Contains("pid=\"3000\",process_name=\"worker-3000\"", metrics);
        Assert.DoesNotContain("pid=\"2000\"", metrics);
        Assert.DoesNotContain("pid=\"3001\"", metrics);
        Assert.DoesNotContain("Error", await stderr);
    }

    [Theory]
    [InlineData("initfail", "Error: nvml: Driver Not Loaded")]
    [InlineData("nouuid", "Error: unsupported GPU device")]
    [InlineData("discoveryerror", "Error: nvml: Unknown Error")]
    [InlineData("p2perror", "Error: nvml: Unknown Error")]
    public async Task Startup_NvmlFails_Exits1WithV1Message(string scenario, string expected)
    {
        using var process = Start(scenario, gpus: 4, ["--nvml-library", FakeNvml, "-l", "127.0.0.1:0"]);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(expected, await stderr);
    }

    /// <param name="loaderPath">Put on LD_LIBRARY_PATH, where the dynamic loader looks for libnvidia-ml.so.1 without --nvml-library.</param>
    private Process Start(string scenario, int gpus, string[] args, string? loaderPath = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["FAKE_NVML_SCENARIO"] = scenario,
            ["FAKE_NVML_GPUS"] = gpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (loaderPath is not null)
        {
            environment["LD_LIBRARY_PATH"] = loaderPath;
        }

        return _launcher.Start(environment, args);
    }

    public void Dispose() => _launcher.Dispose();
}
