using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Metrics;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Tests;

/// <summary>/metrics, /health and /v1.1/gpu/health on simulated GPUs, through a real socket and the SDK.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly SimulatedGpuSource _gpus = new(SimulationProfiles.Load("dgx-h100"));
    private Monitoring _monitoring = null!;
    private RunningDaemon _daemon = null!;

    public async Task InitializeAsync()
    {
        _monitoring = Monitoring.Start(_gpus, NullLogger.Instance);
        _daemon = await RunningDaemon.StartTcpAsync(_gpus, monitoring: _monitoring);
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _monitoring.Dispose();
        _gpus.Dispose();
    }

    [Fact]
    public async Task Metrics_EveryFamilyForEveryGpu_InTheTextFormat()
    {
        using var http = _daemon.Http;

        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        foreach (var family in MetricsExposition.Families.Where(f => f.Name.StartsWith("DCGM_", StringComparison.Ordinal) || f.Name is "gpu_healthy" or "gpu_recovery_action"))
        {
            for (var gpu = 0; gpu < 8; gpu++)
            {
                Assert.Contains($"\n{family.Name}{{gpu=\"{gpu}\",UUID=\"{_gpus.Devices[gpu].Uuid}\"", text);
            }
        }

        Assert.Contains("\ngpu_process_memory_used_bytes{gpu=\"0\",UUID=\"GPU-b8c1f3a2-7d4e-4c1a-9f0e-3a5b6c7d8e01\",pid=\"48213\",process_name=\"python3\",container_id=\"\"} 79364620288\n", text);
        Assert.Contains("\nprocess_resident_memory_bytes ", text);
    }

    [Fact]
    public async Task Metrics_ScraperAcceptsGzip_GetsTheSameTextCompressed()
    {
        using var http = _daemon.Http;
        var plain = await http.GetByteArrayAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await http.SendAsync(request);
        using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var text = new MemoryStream();
        await gzip.CopyToAsync(text);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(plain, text.ToArray());
    }

    [PrometheusFact]
    public async Task Metrics_Promtool_ParsesItAndFindsOnlyDcgmsOwnNamingHabits()
    {
        using var http = _daemon.Http;

        var (exitCode, problems) = await Promtool.CheckMetricsAsync(await http.GetByteArrayAsync("/metrics"));

        Assert.NotEqual(1, exitCode);
        Assert.Empty(Promtool.Unexpected(problems));
    }

    [PrometheusFact]
    public async Task Metrics_PrometheusNaming_PromtoolFindsNoProblem()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(_gpus, monitoring: _monitoring, metricNaming: MetricNaming.Prometheus);
        using var http = daemon.Http;
        var text = await http.GetByteArrayAsync("/metrics");

        var (exitCode, problems) = await Promtool.CheckMetricsAsync(text);

        Assert.Equal([], problems);
        Assert.Equal(0, exitCode);
        Assert.Contains("\nDCGM_FI_DEV_PCIE_REPLAY_total{gpu=\"0\",", System.Text.Encoding.UTF8.GetString(text));
    }

    [Fact]
    public async Task Liveness_IsOk()
    {
        using var http = _daemon.Http;

        Assert.Equal("ok\n", await http.GetStringAsync("/health"));
    }

    [Fact]
    public async Task GpuHealth_Sdk_ReportsEveryGpuHealthyAndWatched()
    {
        var health = await _daemon.Client.GetGpuHealthJson();

        Assert.Equal(_gpus.Devices.Select(d => d.Uuid), health.Devices.Select(d => d.UUID));
        Assert.All(health.Devices, d =>
        {
            Assert.Equal("Healthy", d.State);
            Assert.Equal("NONE", d.Action);
            Assert.True(d.Watched);
            Assert.Equal(0, d.RecoveryAction);
            Assert.Null(d.LastXid);
        });
    }

    [Fact]
    public async Task GpuHealth_AfterAnXid_TextAndJsonAndMetricsAgree()
    {
        _monitoring.Health.Xid(2, 79);
        using var http = _daemon.Http;

        var text = await http.GetStringAsync("/v1.1/gpu/health");
        var json = await _daemon.Client.GetGpuHealthJson();
        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("Device #2\n  UUID:                GPU-", text);
        Assert.Contains("  State:               NeedsReboot\n  Reason:              Xid 79 (GPU has fallen off the bus)\n", text);
        Assert.Equal(("NeedsReboot", "RESTART_BM", (int?)79), (json.Devices[2].State, json.Devices[2].Action, (int?)json.Devices[2].LastXid));
        Assert.Equal("Healthy", json.Devices[1].State);
        Assert.Contains($"gpu_healthy{{gpu=\"2\",UUID=\"{_gpus.Devices[2].Uuid}\",state=\"NeedsReboot\",reason=\"Xid 79 (GPU has fallen off the bus)\"}} 0\n", metrics);
        Assert.Contains($"xid_events_total{{gpu=\"2\",UUID=\"{_gpus.Devices[2].Uuid}\",xid=\"79\",action=\"RESTART_BM\"}} 1\n", metrics);
    }

    [Fact]
    public async Task Metrics_WithoutHealthWatch_LeavesXidGaugesOut()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(_gpus);
        using var http = daemon.Http;

        var text = await http.GetStringAsync("/metrics");

        Assert.DoesNotContain("DCGM_FI_DEV_XID_ERRORS", text);
        Assert.Contains("state=\"Healthy\",reason=\"no event watch runs\"} 1", text);
    }
}
