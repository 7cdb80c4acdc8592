using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Gpu;
using NvContract.Core.Metrics;
using NvContract.Testing;

namespace NvContract.Core.Tests.Metrics;

public class MetricsSamplerTests
{
    [Fact]
    public async Task ReadAsync_ManyConcurrentScrapesWithinAge_OneSweep()
    {
        var gpus = new TestGpus(8);
        var sampler = Sampler(gpus, TimeSpan.FromHours(1), new FakeTimeProvider());

        var samples = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(async () => await sampler.ReadAsync())));

        Assert.All(samples, s => Assert.Same(samples[0], s));
        Assert.Equal(8, gpus.StatusReads);
        Assert.Equal(8, gpus.TelemetryReads);
    }

    [Fact]
    public async Task ReadAsync_SampleOlderThanMaxAge_RefreshesOnceThenServesTheNewOne()
    {
        var gpus = new TestGpus(2);
        var time = new FakeTimeProvider();
        var sampler = Sampler(gpus, TimeSpan.FromSeconds(1), time);
        var first = await sampler.ReadAsync();

        time.Advance(TimeSpan.FromMilliseconds(999));
        var withinAge = await sampler.ReadAsync();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var refreshed = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => sampler.ReadAsync().AsTask()));

        Assert.Same(first, withinAge);
        Assert.NotSame(first, refreshed[0]);
        Assert.All(refreshed, s => Assert.Same(refreshed[0], s));
        Assert.Equal(4, gpus.StatusReads);
    }

    [Fact]
    public async Task ReadAsync_SharesTheStatusSampleWithTheRestApi()
    {
        var gpus = new TestGpus(2);
        var time = new FakeTimeProvider();
        var statuses = new GpuStatusSampler(gpus, TimeSpan.FromSeconds(1), time);
        var sampler = new MetricsSampler(gpus, statuses, TimeSpan.FromSeconds(1), new ContainerIds("/nonexistent"), NullLogger.Instance, time);

        var rest = statuses.Read();
        var sample = await sampler.ReadAsync();

        Assert.Equal(rest, sample.Statuses);
        Assert.Equal(2, gpus.StatusReads);
    }

    [Fact]
    public async Task ReadAsync_OneGpuFails_OnlyItsValuesAreMissingAndTheErrorIsLoggedOnce()
    {
        var gpus = new TestGpus(3) { Failing = 1 };
        var time = new FakeTimeProvider();
        var logs = new LogCapture();
        var sampler = new MetricsSampler(gpus, new GpuStatusSampler(gpus, TimeSpan.Zero, time), TimeSpan.FromSeconds(1), new ContainerIds("/nonexistent"), logs.Factory.CreateLogger("test"), time);

        var sample = await sampler.ReadAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await sampler.ReadAsync();

        Assert.Equal([30L, null, 32L], sample.Statuses.Select(s => s?.TemperatureC));
        Assert.Null(sample.Telemetry[1]);
        Assert.NotNull(sample.Telemetry[2]);
        Assert.Equal(
            ["Error: metrics: cannot read GPU 1 status: nvml: Unknown Error", "Error: metrics: cannot read GPU 1 telemetry: nvml: Unknown Error"],
            logs.Lines);
    }

    [Fact]
    public async Task ReadAsync_ProcessesInContainers_CarryTheirContainerIds()
    {
        using var root = new TempFolder();
        var id = new string('a', 64);
        Directory.CreateDirectory(root.Combine("proc/4242"));
        File.WriteAllText(root.Combine("proc/4242/cgroup"), $"0::/system.slice/docker-{id}.scope\n");
        var gpus = new TestGpus(1) { Status = _ => new GpuStatus { Processes = [new GpuProcess(4242, "python3", 1024), new GpuProcess(7, "host", 2)] } };
        var time = new FakeTimeProvider();
        var sampler = new MetricsSampler(gpus, new GpuStatusSampler(gpus, TimeSpan.Zero, time), TimeSpan.FromSeconds(1), new ContainerIds(root.Path), NullLogger.Instance, time);

        var sample = await sampler.ReadAsync();

        Assert.Equal(id, sample.Containers[4242]);
        Assert.Equal("", sample.Containers[7]);
    }

    private static MetricsSampler Sampler(TestGpus gpus, TimeSpan maxAge, TimeProvider time) =>
        new(gpus, new GpuStatusSampler(gpus, maxAge, time), maxAge, new ContainerIds("/nonexistent"), NullLogger.Instance, time);
}
