using System.Diagnostics;
using System.Globalization;
using NvContract.Bench.Nvml;
using NvContract.Core.Gpu;
using NvContract.Nvml.Adapter;

// NVML calls per request, counted by the fake library in this process: what start-up costs,
// what each request kind costs, and what the status output needs at the least. Prints a
// markdown table. Usage: NvContract.Bench.Nvml [GPU counts...] (default 4 8).
var library = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");
var counter = new FakeNvmlCounter(library);
var gpuCounts = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [4, 8];

Console.WriteLine("| GPUs | Start-up (init + discovery) | /gpu/info, /docker/cli (versions) | One status sweep | Needed by the status output | Processes in the sweep | Managed time of one sweep |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var gpus in gpuCounts)
{
    counter.Configure("default", gpus);
    NvmlGpuSource? source = null;
    var startup = counter.Measure(() => source = NvmlGpuSource.Open(library));
    using (source)
    {
        var sampler = new GpuStatusSampler(source!, TimeSpan.Zero);
        var versions = counter.Measure(() => source!.GetVersions());
        IReadOnlyList<GpuStatus> sample = [];
        var sweep = counter.Measure(() => sample = sampler.Read());
        var processes = sample.Sum(s => s.Processes.Count);
        var needed = (QueriesPerGpu * gpus) + processes;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {gpus} | {startup} | {versions} | {sweep} | {needed} | {processes} | {SweepMicroseconds(sampler):F1} µs |"));
    }
}

// The median of many sweeps, after a warm-up: the daemon's own cost around the driver calls.
static double SweepMicroseconds(GpuStatusSampler sampler)
{
    for (var i = 0; i < 2_000; i++)
    {
        sampler.Read();
    }

    var times = new double[5_000];
    for (var i = 0; i < times.Length; i++)
    {
        var start = Stopwatch.GetTimestamp();
        sampler.Read();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    Array.Sort(times);
    return times[times.Length / 2];
}

internal static partial class Program
{
    // The distinct NVML queries behind one device's /gpu/status fields: power, temperature,
    // utilisation (GPU and memory in one call), encoder, decoder, memory info, SM clock, memory
    // clock, BAR1, compute processes, three ECC counters (L1, L2, device memory) and two PCIe
    // counters (RX, TX). Each process adds one name lookup.
    private const int QueriesPerGpu = 15;
}
