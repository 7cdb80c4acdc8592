using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Gpu;
using NvContract.Core.Health;
using NvContract.Core.Metrics;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

/// <summary>The metrics path over the fake libnvidia-ml.so.1, counting its calls.</summary>
[Collection(NvmlCollection.Name)]
public sealed class MetricsOverNvmlTests
{
    [Fact]
    public async Task Scrapes_AfterTheFirstSample_MakeNoNvmlCall()
    {
        using var source = FakeNvml.Open("default", gpus: 8);
        using var health = new GpuHealthMonitor(source.Devices.Select(d => d.Uuid).ToList(), XidPolicy.BuiltIn, TimeSpan.Zero, NullLogger.Instance);
        var sampler = new MetricsSampler(source, new GpuStatusSampler(source, TimeSpan.FromHours(1)), TimeSpan.FromHours(1), new ContainerIds("/nonexistent"), NullLogger.Instance);
        var exposition = new MetricsExposition(source, sampler, health, "host");
        var first = await exposition.ReadAsync();

        FakeNvml.ResetCallCount();
        var scrapes = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => Task.Run(async () => await exposition.ReadAsync())));

        Assert.Equal(0UL, FakeNvml.CallCount);
        Assert.All(scrapes, s => Assert.Same(first, s));
    }

    [Fact]
    public async Task ConcurrentScrapes_OfAStaleSample_ShareOneSweep()
    {
        using var source = FakeNvml.Open("default", gpus: 8);
        var sampler = new MetricsSampler(source, new GpuStatusSampler(source, TimeSpan.Zero), TimeSpan.FromHours(1), new ContainerIds("/nonexistent"), NullLogger.Instance);
        FakeNvml.ResetCallCount();
        await sampler.ReadAsync();
        var oneSweep = FakeNvml.CallCount;

        var sampler2 = new MetricsSampler(source, new GpuStatusSampler(source, TimeSpan.Zero), TimeSpan.FromHours(1), new ContainerIds("/nonexistent"), NullLogger.Instance);
        FakeNvml.ResetCallCount();
        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () => await sampler2.ReadAsync())));

        // At most one sweep: less when the MIG layout read by the first is still fresh (it is kept
        // for half a second); two sweeps would cost about twice as much.
        Assert.InRange(FakeNvml.CallCount, 1UL, oneSweep);
    }
}
