namespace NvContract.Core.Gpu;

/// <summary>
/// Reads the status of every device, and lets concurrent callers share one sample taken within
/// <c>maxAge</c>: a burst of requests costs one sweep of driver calls instead of one per request.
/// A zero age reads live on every call, as v1 did. A failed sweep is never cached.
/// </summary>
public sealed class GpuStatusSampler(IGpuSource source, TimeSpan maxAge, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _sweep = new();
    private Sample? _last;

    public TimeSpan MaxAge => maxAge;

    public IReadOnlyList<GpuStatus> Read()
    {
        if (maxAge <= TimeSpan.Zero)
        {
            return Sweep();
        }

        if (Fresh(_last) is { } cached)
        {
            return cached;
        }

        // One sweep at a time; whoever waited here takes the sample the sweep before it made.
        lock (_sweep)
        {
            if (Fresh(_last) is { } taken)
            {
                return taken;
            }

            var statuses = Sweep();
            _last = new Sample(statuses, _time.GetTimestamp());
            return statuses;
        }
    }

    private GpuStatus[] Sweep()
    {
        var statuses = new GpuStatus[source.Devices.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = source.GetStatus(i);
        }

        return statuses;
    }

    private IReadOnlyList<GpuStatus>? Fresh(Sample? sample) =>
        sample is not null && _time.GetElapsedTime(sample.Timestamp) < maxAge ? sample.Statuses : null;

    private sealed record Sample(GpuStatus[] Statuses, long Timestamp);
}
