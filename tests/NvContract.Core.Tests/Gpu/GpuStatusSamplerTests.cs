using NvContract.Core.Gpu;

namespace NvContract.Core.Tests.Gpu;

public class GpuStatusSamplerTests
{
    [Fact]
    public void Read_ZeroAge_SweepsEveryTime()
    {
        var source = new CountingSource(3);
        var sampler = new GpuStatusSampler(source, TimeSpan.Zero);
        sampler.Read();
        sampler.Read();
        Assert.Equal(6, source.Calls);
    }

    [Fact]
    public void Read_WithinAge_SharesOneSweep_ThenRefreshes()
    {
        var source = new CountingSource(4);
        var clock = new ManualClock();
        var sampler = new GpuStatusSampler(source, TimeSpan.FromMilliseconds(250), clock);

        var first = sampler.Read();
        clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Same(first, sampler.Read());
        Assert.Equal(4, source.Calls);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotSame(first, sampler.Read());
        Assert.Equal(8, source.Calls);
    }

    [Fact]
    public async Task Read_ConcurrentCallers_OneSweep()
    {
        var source = new CountingSource(2) { Delay = TimeSpan.FromMilliseconds(50) };
        var sampler = new GpuStatusSampler(source, TimeSpan.FromSeconds(10));
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(sampler.Read)));
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public void Read_FailedSweep_IsNotCached()
    {
        var source = new CountingSource(2) { FailOnce = true };
        var sampler = new GpuStatusSampler(source, TimeSpan.FromSeconds(10));
        Assert.Throws<InvalidOperationException>(() => sampler.Read());
        Assert.Equal(2, sampler.Read().Count);
    }

    private sealed class CountingSource(int count) : IGpuSource
    {
        private int _calls;

        public int Calls => _calls;

        public TimeSpan Delay { get; init; }

        public bool FailOnce { get; set; }

        public IReadOnlyList<GpuDevice> Devices { get; } = Enumerable.Range(0, count)
            .Select(i => new GpuDevice { Uuid = $"GPU-{i}", Minor = (uint)i, Pci = new GpuPci("b", null, null) }).ToList();

        public DriverVersions GetVersions() => new("1", null);

        public GpuStatus GetStatus(int index)
        {
            Interlocked.Increment(ref _calls);
            Thread.Sleep(Delay);
            if (FailOnce)
            {
                FailOnce = false;
                throw new InvalidOperationException("nvml: Unknown Error");
            }

            return new GpuStatus { PowerWatts = index };
        }

        public void Dispose()
        {
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
