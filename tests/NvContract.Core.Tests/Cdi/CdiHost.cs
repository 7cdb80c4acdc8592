using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

/// <summary>
/// A host as the CDI generator sees it: a fake driver root (real ELF files and ld.so.cache), a
/// device root with stand-in nodes (plain files are enough for the generator) and simulated GPUs.
/// </summary>
public sealed class CdiHost : IDisposable
{
    public const string Version = "550.54.15";

    private readonly TempFolder _dev = new();
    private readonly TempFolder _proc = new();

    public CdiHost(string profile = "legacy-mixed", string version = Version)
    {
        Gpus = new SimulatedGpuSource(SimulationProfiles.Load(profile));
        Driver = FakeDriverRoot.WithDriver(version);
        foreach (var gpu in Gpus.Devices)
        {
            AddNode(gpu.Path);
        }

        AddNode("/dev/nvidiactl");
        AddNode("/dev/nvidia-uvm");
    }

    public SimulatedGpuSource Gpus { get; }

    public FakeDriverRoot Driver { get; }

    public string DevRoot => _dev.Path;

    /// <summary>The <c>--proc-root</c>, where the driver's MIG capability table goes.</summary>
    public string ProcRoot => _proc.Path;

    public static CdiHookCommand Hook { get; } = new("/usr/bin/nvidia-docker-plugin", ["nvidia-docker-plugin"]);

    public void AddNode(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dev.Combine(path))!);
        File.WriteAllText(_dev.Combine(path), string.Empty);
    }

    public void RemoveNode(string path) => File.Delete(_dev.Combine(path));

    public CdiGenerator Generator(CdiKind? kind = null, string? pinnedVersion = null, bool withHook = true, string? devRoot = null) =>
        new(
            kind ?? CdiKind.Default,
            pinnedVersion,
            Gpus,
            new DriverDiscovery(Driver.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance),
            new DeviceNodes(devRoot ?? DevRoot),
            new MigDeviceNodes(ProcRoot),
            withHook ? Hook : null);

    /// <summary>The spec, which must exist.</summary>
    public CdiSpec Spec(CdiGenerator? generator = null) => (generator ?? Generator()).Generate().Spec!;

    public void Dispose()
    {
        Driver.Dispose();
        _dev.Dispose();
        _proc.Dispose();
    }
}
