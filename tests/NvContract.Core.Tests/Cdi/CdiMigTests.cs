using System.Text.Json.Nodes;
using NvContract.Core.Cdi;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

/// <summary>
/// MIG devices in the spec, on the hgx-h100-mig profile: GPU 0 (minor 0) holds four MIG devices
/// (GPU instances 2, 3, 9, 10), GPU 1 (minor 1) seven (7 to 13), GPU 2 is in MIG mode with none and
/// GPU 3 (minor 3) is whole. A stand-in mig-minors under --proc-root and cap nodes under --dev-root.
/// </summary>
public sealed class CdiMigTests : IDisposable
{
    private readonly CdiHost _host = new(profile: "hgx-h100-mig");

    public CdiMigTests() => MigStandIns.Write(_host.Gpus.MigDevices, _host.ProcRoot, _host.DevRoot);

    private IReadOnlyList<Core.Gpu.GpuDevice> Gpus => _host.Gpus.Devices;

    [Fact]
    public void Generate_GpusInMigMode_NamedOnlyThroughTheirMigDevices()
    {
        var spec = _host.Spec();

        var migs = _host.Gpus.MigDevices;
        Assert.Equal(
            [
                "0:0", "0:1", "0:2", "0:3", "1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6", "3",
                .. migs.Where(m => m.ParentIndex == 0).Select(m => m.Uuid), .. migs.Where(m => m.ParentIndex == 1).Select(m => m.Uuid), Gpus[3].Uuid,
                "all",
            ],
            spec.Devices.Select(d => d.Name));
    }

    [Fact]
    public void Generate_MigDevice_ParentNodeAndItsTwoCapNodesUnderTheDevRoot()
    {
        var spec = _host.Spec();

        // 0:1 is GPU instance 3 of GPU 0 (minor 0): caps 33 and 34.
        Assert.Equal(
            [
                new CdiDeviceNode("/dev/nvidia0", Path.Join(_host.DevRoot, "dev/nvidia0")),
                new CdiDeviceNode("/dev/nvidia-caps/nvidia-cap33", Path.Join(_host.DevRoot, "dev/nvidia-caps/nvidia-cap33")),
                new CdiDeviceNode("/dev/nvidia-caps/nvidia-cap34", Path.Join(_host.DevRoot, "dev/nvidia-caps/nvidia-cap34")),
            ],
            spec.Devices.Single(d => d.Name == "0:1").ContainerEdits.DeviceNodes!);
        var byUuid = _host.Gpus.MigDevices.Single(m => m.Name == "0:1").Uuid;
        Assert.Equal(spec.Devices.Single(d => d.Name == "0:1").ContainerEdits, spec.Devices.Single(d => d.Name == byUuid).ContainerEdits);

        // GPU 1 has minor 1: its capabilities are gpu1/..., 1:0 is GPU instance 7.
        Assert.Equal(
            ["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap273", "/dev/nvidia-caps/nvidia-cap274"],
            spec.Devices.Single(d => d.Name == "1:0").ContainerEdits.DeviceNodes!.Select(n => n.Path));
    }

    [Fact]
    public void Generate_All_WholeGpusNotInMigModeAndEveryMigDeviceEachParentOnce()
    {
        var spec = _host.Spec();

        var all = spec.Devices.Single(d => d.Name == CdiGenerator.AllDevices).ContainerEdits.DeviceNodes!.Select(n => n.Path).ToList();
        var expected = spec.Devices.Where(d => d.Name.Contains(':', StringComparison.Ordinal) || d.Name == "3")
            .SelectMany(d => d.ContainerEdits.DeviceNodes!).Select(n => n.Path).Distinct();
        Assert.Equal(expected, all);
        Assert.Equal(1, all.Count(p => p == "/dev/nvidia0"));
        Assert.Contains("/dev/nvidia3", all);
        Assert.DoesNotContain("/dev/nvidia2", all);
        Assert.Equal(2 + (2 * _host.Gpus.MigDevices.Count) + 1, all.Count);
    }

    [Fact]
    public void Generate_MigDeviceTheTableLacks_LeftOutWithAWarning()
    {
        // GPU instance 10 of GPU 0 (0:3) was destroyed: the driver's table no longer has it.
        var lines = File.ReadAllLines(Path.Join(_host.ProcRoot, "driver/nvidia-caps/mig-minors")).Where(l => !l.StartsWith("gpu0/gi10/", StringComparison.Ordinal)).ToArray();
        File.WriteAllLines(Path.Join(_host.ProcRoot, "driver/nvidia-caps/mig-minors"), lines);

        var generation = _host.Generator().Generate();

        var gone = _host.Gpus.MigDevices.Single(m => m.Name == "0:3");
        Assert.DoesNotContain(generation.Spec!.Devices, d => d.Name == "0:3" || d.Name == gone.Uuid);
        Assert.DoesNotContain(generation.Spec.Devices.Single(d => d.Name == "all").ContainerEdits.DeviceNodes!, n => n.Path == "/dev/nvidia-caps/nvidia-cap103");
        // The device is named once, then what is missing.
        Assert.Contains($"Leaving MIG device 0:3 ({gone.Uuid}) out of the CDI spec: no gpu0/gi10/access in {Path.Join(_host.ProcRoot, "driver/nvidia-caps/mig-minors")}", generation.Warnings);
    }

    [Fact]
    public void Generate_MigCapNodeMissing_LeftOutWithAWarning()
    {
        _host.RemoveNode("/dev/nvidia-caps/nvidia-cap34");

        var generation = _host.Generator().Generate();

        Assert.DoesNotContain(generation.Spec!.Devices, d => d.Name == "0:1");
        Assert.Contains("0:0", generation.Spec.Devices.Select(d => d.Name));
        Assert.Contains(generation.Warnings, w => w.StartsWith("Leaving MIG device 0:1 ", StringComparison.Ordinal) && w.EndsWith($"{Path.Join(_host.DevRoot, "dev/nvidia-caps/nvidia-cap34")} does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_NoMigMinors_OnlyTheWholeGpu()
    {
        File.Delete(Path.Join(_host.ProcRoot, "driver/nvidia-caps/mig-minors"));

        var generation = _host.Generator().Generate();

        Assert.Equal(["3", Gpus[3].Uuid, "all"], generation.Spec!.Devices.Select(d => d.Name));
        Assert.Equal(_host.Gpus.MigDevices.Count, generation.Warnings.Count(w => w.StartsWith("Leaving MIG device", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_MigNames_Version050AndValidAgainstItsSchema()
    {
        var json = _host.Spec().ToJson();

        Assert.Equal("0.5.0", JsonNode.Parse(json)!["cdiVersion"]!.GetValue<string>());
        Assert.Empty(CdiSchemaTests.Errors(CdiSchemaTests.Schema("0.5.0"), json));
    }

    public void Dispose() => _host.Dispose();
}
