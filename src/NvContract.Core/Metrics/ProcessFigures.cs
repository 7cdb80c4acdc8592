using System.Diagnostics;
using System.Globalization;

namespace NvContract.Core.Metrics;

/// <summary>The daemon's own process, as Prometheus client libraries report theirs (<c>process_*</c>).</summary>
/// <param name="VirtualBytes">Null (as the descriptor counts) where /proc cannot be read.</param>
public sealed record ProcessFigures(double CpuSeconds, long ResidentBytes, long? VirtualBytes, long? OpenFds, long? MaxFds, double StartTimeSeconds)
{
    private static readonly double StartTime = Process.GetCurrentProcess().StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds;

    private static readonly MetricFamily Cpu = MetricFamily.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
    private static readonly MetricFamily Resident = MetricFamily.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
    private static readonly MetricFamily Virtual = MetricFamily.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
    private static readonly MetricFamily Fds = MetricFamily.Gauge("process_open_fds", "Number of open file descriptors.");
    private static readonly MetricFamily MaxFdsFamily = MetricFamily.Gauge("process_max_fds", "Maximum number of open file descriptors.");
    private static readonly MetricFamily Start = MetricFamily.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");

    public static IEnumerable<MetricFamily> Families => [Cpu, Resident, Virtual, Fds, MaxFdsFamily, Start];

    /// <summary>Reads the figures of the current process (a few small /proc files; no driver call).</summary>
    public static ProcessFigures Read()
    {
        var (virtualBytes, residentBytes) = Statm();
        return new ProcessFigures(
            Environment.CpuUsage.TotalTime.TotalSeconds,
            residentBytes,
            virtualBytes,
            OpenFileDescriptors(),
            MaxFileDescriptors(),
            StartTime);
    }

    public void Write(ExpositionWriter writer)
    {
        writer.Sample(Cpu, [], CpuSeconds);
        writer.Sample(Resident, [], ResidentBytes);
        if (VirtualBytes is { } size)
        {
            writer.Sample(Virtual, [], size);
        }

        if (OpenFds is { } open)
        {
            writer.Sample(Fds, [], open);
        }

        if (MaxFds is { } max)
        {
            writer.Sample(MaxFdsFamily, [], max);
        }

        writer.Sample(Start, [], StartTimeSeconds);
    }

    // /proc/self/statm: size and resident, in pages.
    private static (long? Virtual, long Resident) Statm()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            long Pages(int k) => long.Parse(fields[k], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            return (Pages(0), Pages(1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (null, Environment.WorkingSet);
        }
    }

    private static long? OpenFileDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "Max open files            20000                20000                files"
    private static long? MaxFileDescriptors()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
