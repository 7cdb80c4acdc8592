using System.Diagnostics;
using System.Globalization;

namespace NvContract.Bench.Load;

/// <summary>Throughput and latency percentiles from every recorded sample, sorted (exact, no buckets).</summary>
internal sealed record LatencySummary(long Requests, long Errors, TimeSpan Elapsed, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public static LatencySummary From(List<long>[] perConnection, long errors, TimeSpan elapsed)
    {
        var all = perConnection.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return new LatencySummary(all.Length, errors, elapsed, Percentile(all, 0.50), Percentile(all, 0.90), Percentile(all, 0.99), all.Length == 0 ? 0 : Ms(all[^1]));
    }

    // Nearest rank: the smallest sample with at least q of all samples at or below it.
    private static double Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : Ms(sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)]);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>One line of name=value pairs, for scripts.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"requests={Requests} errors={Errors} seconds={Elapsed.TotalSeconds:F2} rps={RequestsPerSecond:F0} p50_ms={P50Ms:F3} p90_ms={P90Ms:F3} p99_ms={P99Ms:F3} max_ms={MaxMs:F3}");
}
