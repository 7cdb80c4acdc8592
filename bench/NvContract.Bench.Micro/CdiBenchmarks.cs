using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Bench.Micro;

/// <summary>
/// The daemon's CDI work on a driver root of real ELF files (bench/scripts/driver-root.sh, named by
/// BENCH_CDI_DRIVER_ROOT) and stand-in device nodes (BENCH_CDI_DEV_ROOT): the check it makes every
/// second when nothing changed, a regeneration after a change (ELF facts of unchanged files
/// cached), and a first generation. bench/scripts/cdi.sh sets both variables.
/// </summary>
[MemoryDiagnoser]
public class CdiBenchmarks
{
    private CdiGenerator _warm = null!;
    private CdiPublisher _publisher = null!;
    private string _specFolder = null!;
    private FixedGpus _gpus = null!;
    private DeviceNodes _nodes = null!;
    private string _root = null!;

    [Params(4, 8)]
    public int Gpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Required("BENCH_CDI_DRIVER_ROOT");
        _nodes = new DeviceNodes(Required("BENCH_CDI_DEV_ROOT"));
        _gpus = new FixedGpus(new Machine(Gpus));
        _warm = Generator();
        _specFolder = Directory.CreateTempSubdirectory("nvcontract-bench-cdi-").FullName;
        _publisher = new CdiPublisher(Generator(), _specFolder, NullLogger.Instance);
        if (!_publisher.Refresh() || _warm.Generate().Spec is null)
        {
            throw new InvalidOperationException("no spec: the dev root needs /dev/nvidia0..7");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_specFolder, recursive: true);

    [Benchmark(Description = "CdiPublisher.Refresh, nothing changed")]
    public bool RefreshUnchanged() => _publisher.Refresh();

    [Benchmark(Description = "CdiGenerator.Generate+ToJson")]
    public byte[] Regenerate() => _warm.Generate().Spec!.ToJson();

    [Benchmark(Description = "First Generate+ToJson (ELF read)")]
    public byte[] FirstGeneration() => Generator().Generate().Spec!.ToJson();

    private CdiGenerator Generator() =>
        new(CdiKind.Default, null, _gpus, new DriverDiscovery(_root, "/usr/bin", NullLogger<DriverDiscovery>.Instance), _nodes, new MigDeviceNodes("/"), new CdiHookCommand("/usr/bin/nvidia-docker-plugin", ["nvidia-docker-plugin"]));

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set (bench/scripts/cdi.sh sets it)");

    private sealed class FixedGpus(Machine machine) : IGpuSource
    {
        public IReadOnlyList<GpuDevice> Devices => machine.Devices;

        public DriverVersions GetVersions() => machine.Versions;

        public GpuStatus GetStatus(int index) => machine.Statuses[index];

        public void Dispose()
        {
        }
    }
}
