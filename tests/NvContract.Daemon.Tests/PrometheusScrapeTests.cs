using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Metrics;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// A real Prometheus (Debian's 2.42, started as a plain process with a scrape interval of 1 s)
/// scrapes the daemon on simulated GPUs and on the fake libnvidia-ml.so.1; its query API must
/// then hold every family for every GPU with the values the GPUs report.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private static readonly string FakeNvml = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    private readonly DaemonLauncher _launcher = new("nvc-prom-");

    public void Dispose() => _launcher.Dispose();

    [PrometheusFact]
    public async Task Prometheus_ScrapesSimulatedAndNvmlGpus_FindsEveryFamilyWithTheirValues()
    {
        using var simulated = new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100"));
        using var monitoring = Monitoring.Start(simulated, NullLogger.Instance);
        await using var simulatedDaemon = await RunningDaemon.StartTcpAsync(simulated, monitoring: monitoring);
        var nvmlPort = Loopback.FreePort();
        using var nvmlDaemon = _launcher.Start(
            new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "default", ["FAKE_NVML_GPUS"] = "4" },
            "--nvml-library", FakeNvml, "-l", $"127.0.0.1:{nvmlPort}");
        using var prometheus = Prometheus.Start(_launcher.Scratch, ("simulated", simulatedDaemon.BaseAddress.Authority), ("nvml", $"127.0.0.1:{nvmlPort}"));
        try
        {
            var families = MetricsExposition.Families.Where(f => f.Name.StartsWith("DCGM_", StringComparison.Ordinal) || f.Name is "gpu_healthy" or "gpu_recovery_action").Select(f => f.Name).ToList();

            // The fake's GPU 0 is in MIG mode with two 1g.10gb instances: its framebuffer families carry one series per instance too.
            string[] perInstance = ["DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE"];
            var series = await prometheus.UntilSeries(families, f => perInstance.Contains(f) ? 8 + 4 + 2 : 8 + 4);

            foreach (var family in perInstance)
            {
                var instances = series.Where(s => s.Name == family && s.Labels.ContainsKey("GPU_I_ID")).ToList();
                Assert.Equal(["nvml/0 1g.10gb 1", "nvml/0 1g.10gb 2"], instances.Select(s => $"{s.Job}/{s.Gpu} {s.Labels["GPU_I_PROFILE"]} {s.Labels["GPU_I_ID"]}").Order(StringComparer.Ordinal));
            }

            series = series.Where(s => !s.Labels.ContainsKey("GPU_I_ID")).ToList();

            foreach (var family in families)
            {
                Assert.Equal(Enumerable.Range(0, 8).Select(i => $"simulated/{i}"), Gpus(series, family, "simulated"));
                Assert.Equal(Enumerable.Range(0, 4).Select(i => $"nvml/{i}"), Gpus(series, family, "nvml"));
            }

            for (var i = 0; i < 4; i++)
            {
                foreach (var (family, value) in FakeNvmlValues(i))
                {
                    Assert.True(value == Value(series, family, "nvml", i), $"{family} of fake GPU {i}: expected {value}, Prometheus holds {Value(series, family, "nvml", i)}");
                }
            }

            for (var i = 0; i < 8; i++)
            {
                var status = simulated.GetStatus(i);
                var telemetry = simulated.GetTelemetry(i);
                Assert.Equal(status.TemperatureC, (long)Value(series, "DCGM_FI_DEV_GPU_TEMP", "simulated", i));
                Assert.Equal(telemetry.PowerMilliwatts / 1000.0, Value(series, "DCGM_FI_DEV_POWER_USAGE", "simulated", i));
                Assert.Equal(telemetry.Framebuffer.UsedMiB, (long)Value(series, "DCGM_FI_DEV_FB_USED", "simulated", i));
                Assert.Equal(telemetry.EnergyMillijoules, (long)Value(series, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "simulated", i));
            }

            var labels = series.Single(s => s.Name == "DCGM_FI_DEV_GPU_TEMP" && s.Job == "nvml" && s.Gpu == 1).Labels;
            Assert.Equal("GPU-fa6e0001-0000-4000-8000-000000001001", labels["UUID"]);
            Assert.Equal("nvidia0", labels["device"]);
            Assert.Equal("00000000:28:00.0", labels["pci_bus_id"]);
            Assert.Equal("Fake H100 80GB HBM3", labels["modelName"]);
            Assert.Equal("550.54.15", labels["DCGM_FI_DRIVER_VERSION"]);
            Assert.Equal(Environment.MachineName, labels["Hostname"]);
        }
        finally
        {
            nvmlDaemon.Kill();
            await nvmlDaemon.WaitForExitAsync();
        }
    }

    /// <summary>What the fake library reports for GPU i (tests/native/README.md); GPU 0 has its built-in Xid 79.</summary>
    private static IEnumerable<(string Family, double Value)> FakeNvmlValues(int i) =>
    [
        ("DCGM_FI_DEV_GPU_TEMP", 30 + i),
        ("DCGM_FI_DEV_MEMORY_TEMP", 40 + i),
        ("DCGM_FI_DEV_POWER_USAGE", (100999 + 1000 * i) / 1000.0),
        ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", 5000000000 + 1000 * i),
        ("DCGM_FI_DEV_SM_CLOCK", 1500 + i),
        ("DCGM_FI_DEV_MEM_CLOCK", 2619),
        ("DCGM_FI_DEV_GPU_UTIL", 10 * (i + 1)),
        ("DCGM_FI_DEV_MEM_COPY_UTIL", 5 * (i + 1)),
        ("DCGM_FI_DEV_ENC_UTIL", 1 + i),
        ("DCGM_FI_DEV_DEC_UTIL", 2 + 2 * i),
        ("DCGM_FI_DEV_FB_USED", 1024 * (i + 1) + 7),
        ("DCGM_FI_DEV_FB_RESERVED", 500 + i),
        ("DCGM_FI_DEV_FB_FREE", 81559 - (500 + i) - (1024 * (i + 1) + 7)),
        ("DCGM_FI_DEV_BAR1_USED", 2 + i),
        ("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", 3 * i),
        ("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", 10 + i),
        ("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", 3 * i),
        ("DCGM_FI_DEV_ECC_SBE_AGG_TOTAL", 1010 + i),
        ("DCGM_FI_DEV_ECC_DBE_AGG_TOTAL", 100 + 3 * i),
        ("DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", i),
        ("DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", i / 2),
        ("DCGM_FI_DEV_ROW_REMAP_PENDING", i == 3 ? 1 : 0),
        ("DCGM_FI_DEV_ROW_REMAP_FAILURE", 0),
        ("DCGM_FI_DEV_XID_ERRORS", i == 0 ? 79 : 0),
        ("gpu_recovery_action", 0),
        ("gpu_healthy", i == 0 ? 0 : 1),
    ];

    private static IEnumerable<string> Gpus(IReadOnlyList<Series> series, string family, string job) =>
        series.Where(s => s.Name == family && s.Job == job).Select(s => $"{job}/{s.Gpu}").Order(StringComparer.Ordinal);

    private static double Value(IReadOnlyList<Series> series, string family, string job, int gpu) =>
        series.Single(s => s.Name == family && s.Job == job && s.Gpu == gpu).Value;

    private sealed record Series(string Name, string Job, int Gpu, double Value, IReadOnlyDictionary<string, string> Labels);

    /// <summary>A Prometheus server in a scratch folder, scraping every second; stopped by SIGTERM on dispose.</summary>
    private sealed class Prometheus : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private Prometheus(Process process, int port)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public static Prometheus Start(string scratch, params (string Job, string Target)[] targets)
        {
            var folder = Directory.CreateDirectory(Path.Join(scratch, "prometheus")).FullName;
            var config = Path.Join(folder, "prometheus.yml");
            File.WriteAllText(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n" + string.Concat(targets.Select(t =>
                $"  - job_name: {t.Job}\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs: [{{targets: [\"{t.Target}\"]}}]\n")));
            var port = Loopback.FreePort();
            var info = new ProcessStartInfo(PrometheusFactAttribute.Prometheus)
            {
                ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={Path.Join(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            var process = Process.Start(info)!;
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            return new Prometheus(process, port);
        }

        /// <summary>
        /// Polls the query API until each family has the series <paramref name="expectedPerFamily"/> gives it
        /// (Prometheus takes about 6 s to its first sample), with a deadline.
        /// </summary>
        public async Task<IReadOnlyList<Series>> UntilSeries(IReadOnlyList<string> families, Func<string, int> expectedPerFamily)
        {
            var query = Uri.EscapeDataString($"{{__name__=~\"{string.Join("|", families)}\"}}");
            IReadOnlyList<Series> series = [];
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    series = Parse(await _http.GetStringAsync($"/api/v1/query?query={query}"));
                    if (families.All(f => series.Count(s => s.Name == f) == expectedPerFamily(f)))
                    {
                        return series;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(200);
            }

            Assert.Fail($"Prometheus held {series.Count} series after 90 s; missing: {string.Join(", ", families.Where(f => series.Count(s => s.Name == f) != expectedPerFamily(f)))}");
            return series;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Signals.Send(_process.Id, Signals.Terminate);
                if (!_process.WaitForExit(30_000))
                {
                    _process.Kill();
                }
            }

            _process.Dispose();
            _http.Dispose();
        }

        private static List<Series> Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r =>
            {
                var labels = r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                var value = double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                return new Series(labels["__name__"], labels["job"], int.Parse(labels["gpu"], CultureInfo.InvariantCulture), value, labels);
            }).ToList();
        }
    }
}
