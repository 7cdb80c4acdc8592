using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// GPU health end to end: the built daemon on the fake libnvidia-ml.so.1, with events appended
/// to FAKE_NVML_EVENTS_FILE and registration failures from FAKE_NVML_REGISTER_FAIL (tests/native).
/// </summary>
public sealed class NvmlHealthTests : IDisposable
{
    private static readonly string FakeNvml = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    private readonly DaemonLauncher _launcher = new("nvc-health-");
    private readonly string _events;

    public NvmlHealthTests()
    {
        _events = Path.Join(_launcher.Scratch, "events");
        File.WriteAllText(_events, "");
    }

    public void Dispose() => _launcher.Dispose();

    [Fact]
    public async Task FatalXid_OnGpu2_ShowsInHealthAndMetricsWhileOtherGpusStayHealthy_ThenRecovers()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events });
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        File.AppendAllText(_events, "2 79 2\n");
        await daemon.UntilStates("Healthy", "Healthy", "NeedsReboot", "Healthy");
        var metrics = await daemon.Http.GetStringAsync("/metrics");

        Assert.Contains("gpu_healthy{gpu=\"2\",UUID=\"GPU-fa6e0002-0000-4000-8000-000000001002\",state=\"NeedsReboot\",reason=\"Xid 79 (GPU has fallen off the bus)\"} 0\n", metrics);
        Assert.Contains("xid_events_total{gpu=\"2\",UUID=\"GPU-fa6e0002-0000-4000-8000-000000001002\",xid=\"79\",action=\"RESTART_BM\"} 1\n", metrics);
        Assert.Contains("gpu_recovery_action{gpu=\"2\",UUID=\"GPU-fa6e0002-0000-4000-8000-000000001002\"} 2\n", metrics);
        Assert.Contains("DCGM_FI_DEV_XID_ERRORS{gpu=\"2\",UUID=\"GPU-fa6e0002-0000-4000-8000-000000001002\",", metrics);

        File.AppendAllText(_events, "2 0 0\n");
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        var log = await daemon.StopAsync();
        Assert.Single(log, l => l.Contains("GPU 2 (GPU-fa6e0002-0000-4000-8000-000000001002) health: Healthy -> NeedsReboot: Xid 79 (GPU has fallen off the bus) at ", StringComparison.Ordinal)
            && l.EndsWith(", action RESTART_BM; recommended action RESTART_BM", StringComparison.Ordinal));
        Assert.Single(log, l => l.EndsWith("GPU 2 (GPU-fa6e0002-0000-4000-8000-000000001002) health: NeedsReboot -> Healthy: NVML recovery action reads NONE again; recommended action NONE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task XidOnMigGpu_AttributedByInstanceIds_OrSaidUnattributable()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events, ["FAKE_NVML_SCENARIO"] = "mig" });
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        File.AppendAllText(_events, "0 31 0 9 0\n");
        await daemon.UntilStates("Degraded", "Healthy", "Healthy", "Healthy");
        var metrics = await daemon.Http.GetStringAsync("/metrics");
        Assert.Contains("xid_events_total{gpu=\"0\",UUID=\"GPU-fa6e0000-0000-4000-8000-000000001000\",xid=\"31\",action=\"RESTART_APP\",GPU_I_ID=\"9\"} 1\n", metrics);
        Assert.Contains("reason=\"Xid 31 (GPU memory page fault) on MIG instance GI 9 CI 0\"", metrics);

        File.AppendAllText(_events, "0 13\n");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await daemon.Http.GetStringAsync("/metrics")).Contains("xid=\"13\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var log = await daemon.StopAsync();
        Assert.Contains(log, l => l.Contains("Xid 13 on GPU 0, which is in MIG mode, carries no MIG instance ids: it cannot be attributed to a MIG device", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplicationXid_LeavesTheGpuWorking()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events });
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        File.AppendAllText(_events, "1 13\n");
        await daemon.UntilStates("Healthy", "Degraded", "Healthy", "Healthy");

        Assert.Contains("gpu_healthy{gpu=\"1\",UUID=\"GPU-fa6e0001-0000-4000-8000-000000001001\",state=\"Degraded\",reason=\"Xid 13 (Graphics engine exception)\"} 1\n", await daemon.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task LostGpu_ComesBack_IsHealthyAgain()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events });
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        File.AppendAllText(_events, "3 lost\n");
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Lost");
        File.AppendAllText(_events, "3 back\n");
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        Assert.Contains((await daemon.StopAsync()), l => l.EndsWith("GPU 3 (GPU-fa6e0003-0000-4000-8000-000000001003) health: Lost -> Healthy: GPU reset seen; recommended action NONE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegisterFails_OnOneGpu_OnlyThatGpuIsUnknown()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events, ["FAKE_NVML_REGISTER_FAIL"] = "1" });

        await daemon.UntilStates("Healthy", "Unknown", "Healthy", "Healthy");

        using var health = JsonDocument.Parse(await daemon.Http.GetStringAsync("/v1.1/gpu/health/json"));
        Assert.Equal("event watch failed: nvml: Unknown Error; retrying", health.RootElement.GetProperty("Devices")[1].GetProperty("Reason").GetString());
        Assert.Contains("gpu_healthy{gpu=\"1\",UUID=\"GPU-fa6e0001-0000-4000-8000-000000001001\",state=\"Unknown\",reason=\"event watch failed: nvml: Unknown Error; retrying\"} 0\n", await daemon.Http.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task WatchFailures_AreRetried_UntilTheGpuIsWatchedAgain()
    {
        await using var daemon = await Start(new() { ["FAKE_NVML_EVENTS_FILE"] = _events, ["FAKE_NVML_REGISTER_FAIL"] = "1:1" });
        await daemon.UntilStates("Healthy", "Healthy", "Healthy", "Healthy");

        File.AppendAllText(_events, "2 waitfail\n");
        await daemon.UntilLogged("GPU 2 (GPU-fa6e0002-0000-4000-8000-000000001002) health: Unknown -> Healthy: event watch restored; recommended action NONE");

        var log = await daemon.StopAsync();
        Assert.Contains(log, l => l.EndsWith("GPU 1 (GPU-fa6e0001-0000-4000-8000-000000001001) health: Unknown: event watch failed: nvml: Unknown Error; retrying; recommended action CHECK_DAEMON_LOG", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith("GPU 1 (GPU-fa6e0001-0000-4000-8000-000000001001) health: Unknown -> Healthy: event watch restored; recommended action NONE", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith("GPU 2 (GPU-fa6e0002-0000-4000-8000-000000001002) health: Healthy -> Unknown: event watch failed: nvml: Unknown Error; retrying; recommended action CHECK_DAEMON_LOG", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("GPU 0 (", StringComparison.Ordinal) || l.Contains("GPU 3 (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadPolicyFile_FailsTheStartWithItsLine()
    {
        var policy = Path.Join(_launcher.Scratch, "policy.csv");
        File.WriteAllText(policy, "79,REBOOT\n");
        using var process = _launcher.Start(Environment(new()), "--nvml-library", FakeNvml, "-l", "127.0.0.1:0", "--health-policy", policy);
        var stderr = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"Error: invalid health policy {policy} line 1 \"79,REBOOT\": expected xid,action[,description]", await stderr);
    }

    private async Task<Daemon> Start(Dictionary<string, string> environment)
    {
        var port = Loopback.FreePort();
        var process = _launcher.Start(Environment(environment), "--nvml-library", FakeNvml, "-l", $"127.0.0.1:{port}");
        var daemon = new Daemon(process, port);
        await Retry.HttpAsync(() => daemon.Http.GetStringAsync("/health"));
        return daemon;
    }

    private static Dictionary<string, string> Environment(Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "default", ["FAKE_NVML_GPUS"] = "4" };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>A daemon process under test, its log lines collected as they come.</summary>
    private sealed class Daemon : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _log = new();

        public Daemon(Process process, int port)
        {
            _process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _log.Enqueue(e.Data);
                }
            };
            process.BeginErrorReadLine();
        }

        public HttpClient Http { get; }

        public async Task UntilStates(params string[] states)
        {
            string[] current = [];
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                using var health = JsonDocument.Parse(await Http.GetStringAsync("/v1.1/gpu/health/json"));
                current = health.RootElement.GetProperty("Devices").EnumerateArray().Select(d => d.GetProperty("State").GetString()!).ToArray();
                if (current.SequenceEqual(states))
                {
                    return;
                }

                await Task.Delay(20);
            }

            Assert.Fail($"health states stayed {string.Join(",", current)}, expected {string.Join(",", states)}; log:\n{string.Join("\n", _log)}");
        }

        public async Task UntilLogged(string ending)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!_log.Any(l => l.EndsWith(ending, StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(_log.Any(l => l.EndsWith(ending, StringComparison.Ordinal)), $"not logged: {ending}; log:\n{string.Join("\n", _log)}");
        }

        /// <summary>Stops the daemon with SIGTERM and returns its log.</summary>
        public async Task<IReadOnlyList<string>> StopAsync()
        {
            if (!_process.HasExited)
            {
                Signals.Send(_process.Id, Signals.Terminate);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }

            return [.. _log];
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            Http.Dispose();
            _process.Dispose();
        }
    }
}
