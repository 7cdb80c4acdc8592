using Microsoft.Extensions.Logging;
using NvContract.Core.Gpu;

namespace NvContract.Core.Metrics;

/// <summary>
/// The sample every scrape serialises. A scrape never calls the driver itself: it takes the latest
/// sample while it is younger than <c>maxAge</c>; an older one is replaced by one refresh that
/// every scrape arriving meanwhile awaits, so any number of scrapers cost one sweep per
/// <c>maxAge</c>. The status half of a refresh is the REST API's shared sample
/// (<see cref="GpuStatusSampler"/>), so a status request and a scrape together cost one sweep too.
/// </summary>
/// <remarks>
/// A GPU whose status or telemetry cannot be read is left out of that sample (its series are
/// absent) and the error is logged once until it changes; the other GPUs are reported.
/// </remarks>
public sealed class MetricsSampler(
    IGpuSource gpus,
    GpuStatusSampler statuses,
    TimeSpan maxAge,
    ContainerIds containers,
    ILogger logger,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _lastErrors = [];
    private MetricsSample? _latest;
    private Task<MetricsSample>? _refresh;

    public TimeSpan MaxAge => maxAge;

    /// <summary>The latest sample, refreshed first (once, for every caller) when it is too old.</summary>
    public ValueTask<MetricsSample> ReadAsync()
    {
        var latest = Volatile.Read(ref _latest);
        if (latest is not null && _time.GetElapsedTime(latest.Timestamp) < maxAge)
        {
            return ValueTask.FromResult(latest);
        }

        lock (_gate)
        {
            latest = _latest;
            if (latest is not null && _time.GetElapsedTime(latest.Timestamp) < maxAge)
            {
                return ValueTask.FromResult(latest);
            }

            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = Task.Run(Refresh);
            }

            return new ValueTask<MetricsSample>(_refresh);
        }
    }

    private MetricsSample Refresh()
    {
        var count = gpus.Devices.Count;
        var status = Statuses(count);
        var telemetry = new GpuTelemetry?[count];
        for (var i = 0; i < count; i++)
        {
            telemetry[i] = Guard($"GPU {i} telemetry", () => gpus.GetTelemetry(i));
        }

        var versions = Guard("the driver version", gpus.GetVersions);

        var sample = new MetricsSample(
            status,
            telemetry,
            versions,
            containers.Resolve(status.SelectMany(s => s?.Processes ?? []).Select(p => p.Pid)),
            ProcessFigures.Read(),
            _time.GetTimestamp(),
            Guard("MIG devices", () => gpus.MigDevices.Select(m => new MigSample(m, gpus.GetMigStatus(m))).ToList()));
        Volatile.Write(ref _latest, sample);
        return sample;
    }

    // The REST API's shared sweep when it succeeds; device by device when one device fails it.
    private GpuStatus?[] Statuses(int count)
    {
        try
        {
            var all = statuses.Read();
            for (var i = 0; i < count; i++)
            {
                _lastErrors.Remove($"GPU {i} status");
            }

            return [.. all];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var each = new GpuStatus?[count];
            for (var i = 0; i < count; i++)
            {
                each[i] = Guard($"GPU {i} status", () => gpus.GetStatus(i));
            }

            return each;
        }
    }

    // Refreshes run one at a time, so the error memory needs no lock.
    private T? Guard<T>(string what, Func<T> read)
        where T : class
    {
        try
        {
            var value = read();
            _lastErrors.Remove(what);
            return value;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (_lastErrors.GetValueOrDefault(what) != e.Message)
            {
                _lastErrors[what] = e.Message;
                LogReadFailed(what, e.Message);
            }

            return null;
        }
    }

    private void LogReadFailed(string what, string reason) => logger.LogError("Error: metrics: cannot read {What}: {Reason}", what, reason);
}
