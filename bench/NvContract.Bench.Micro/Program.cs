using BenchmarkDotNet.Running;

// BenchmarkDotNet's own command line: e.g. --job short --exporters github.
BenchmarkSwitcher.FromAssembly(typeof(NvContract.Bench.Micro.FormattingBenchmarks).Assembly).Run(args);
