using System.Globalization;
using NvContract.Bench.Startup;

// Exec to first answer, several times: prints "runs=N min_ms=.. median_ms=.. max_ms=..".
// Usage: NvContract.Bench.Startup RUNS URL EXECUTABLE [ARGUMENTS...]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: NvContract.Bench.Startup RUNS URL EXECUTABLE [ARGUMENTS...]");
    return 2;
}

var runs = int.Parse(args[0], CultureInfo.InvariantCulture);
var probe = new FirstAnswer(args[1], args[2], args[3..]);
await probe.WarmUpAsync();
var times = new List<double>();
for (var i = 0; i < runs; i++)
{
    times.Add((await probe.MeasureAsync()).TotalMilliseconds);
}

times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs={runs} min_ms={times[0]:F1} median_ms={times[runs / 2]:F1} max_ms={times[^1]:F1}"));
return 0;
