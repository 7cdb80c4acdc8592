using NvContract.Core.Cdi;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

public class CdiGeneratorTests
{
    private const string Version = CdiHost.Version;

    [Fact]
    public void Generate_EachGpu_NamedByIndexAndUuidWithItsOwnNodeUnderTheDevRoot()
    {
        using var host = new CdiHost();

        var spec = host.Spec();

        // legacy-mixed: GPU 0 has minor 1, GPU 1 minor 0, GPU 2 minor 3.
        var gpus = host.Gpus.Devices;
        Assert.Equal(["0", "1", "2", .. gpus.Select(g => g.Uuid), "all"], spec.Devices.Select(d => d.Name));
        Assert.Equal(
            new CdiDeviceNode("/dev/nvidia1", Path.Join(host.DevRoot, "dev/nvidia1")),
            Assert.Single(spec.Devices[0].ContainerEdits.DeviceNodes!));
        Assert.Equal(spec.Devices[0].ContainerEdits, spec.Devices.Single(d => d.Name == gpus[0].Uuid).ContainerEdits);
        Assert.Equal(["/dev/nvidia1", "/dev/nvidia0", "/dev/nvidia3"], spec.Devices[^1].ContainerEdits.DeviceNodes!.Select(n => n.Path));
        Assert.Equal("nvidia.com/gpu", spec.Kind);
    }

    [Fact]
    public void Generate_ControlNodes_OnlyThosePresent()
    {
        using var host = new CdiHost();

        Assert.Equal(["/dev/nvidiactl", "/dev/nvidia-uvm"], host.Spec().ContainerEdits!.DeviceNodes!.Select(n => n.Path));

        host.AddNode("/dev/nvidia-uvm-tools");
        Assert.Equal(["/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools"], host.Spec().ContainerEdits!.DeviceNodes!.Select(n => n.Path));
    }

    [Fact]
    public void Generate_GpuWithoutNode_LeftOutWithAWarning()
    {
        using var host = new CdiHost();
        host.RemoveNode("/dev/nvidia0");

        var generation = host.Generator().Generate();

        Assert.Equal(["0", "2", host.Gpus.Devices[0].Uuid, host.Gpus.Devices[2].Uuid, "all"], generation.Spec!.Devices.Select(d => d.Name));
        Assert.Contains(generation.Warnings, w => w.StartsWith($"Leaving GPU 1 ({host.Gpus.Devices[1].Uuid}) out", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_NoGpu_NoSpec()
    {
        using var host = new CdiHost(profile: "empty");

        Assert.Null(host.Generator().Generate().Spec);
    }

    [Fact]
    public void Generate_Libraries_UnderTheVolumeFoldersWithSonameAndLibcudaLinks()
    {
        using var host = new CdiHost();

        var mounts = host.Spec().ContainerEdits!.Mounts!;

        var lib64 = host.Driver.Host($"{FakeDriverRoot.Lib64}/libcuda.so.{Version}");
        var lib32 = host.Driver.Host($"{FakeDriverRoot.Lib32}/libcuda.so.{Version}");
        Assert.Equal(
            [$"/usr/local/nvidia/lib64/libcuda.so.{Version}", "/usr/local/nvidia/lib64/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so"],
            mounts.Where(m => m.HostPath == lib64).Select(m => m.ContainerPath));
        Assert.Equal(
            [$"/usr/local/nvidia/lib/libcuda.so.{Version}", "/usr/local/nvidia/lib/libcuda.so.1", "/usr/local/nvidia/lib/libcuda.so"],
            mounts.Where(m => m.HostPath == lib32).Select(m => m.ContainerPath));
        Assert.Contains(mounts, m => m.ContainerPath == "/usr/local/nvidia/lib64/libGLX_indirect.so.0");
        Assert.All(mounts, m => Assert.Equal(["ro", "nosuid", "nodev", "bind"], m.Options));
    }

    [Fact]
    public void Generate_Binaries_OnEveryImagesPath()
    {
        using var host = new CdiHost();

        var mounts = host.Spec().ContainerEdits!.Mounts!;

        Assert.Contains(mounts, m => (m.HostPath, m.ContainerPath) == (host.Driver.Host("/usr/bin/nvidia-smi"), "/usr/bin/nvidia-smi"));
        Assert.Contains(mounts, m => m.ContainerPath == "/usr/bin/nvidia-debugdump");
    }

    [Fact]
    public void Generate_GlvndNvvmAndOtherVendorsGl_AsTheVolumeHasThem()
    {
        using var host = new CdiHost();
        var dispatch = host.Driver.AddLibrary(FakeDriverRoot.Lib64, "libGLdispatch.so.0", "libGLdispatch.so.0");
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, "libEGL.so.1.1.0", "libEGL.so.1", [dispatch]);
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-nvvm.so.{Version}", "libnvidia-nvvm.so.4");
        host.Driver.AddLibrary(FakeDriverRoot.Lib64, "libGL.so.1.7.0", "libGL.so.1");
        host.Driver.RunLdconfig();

        var paths = host.Spec().ContainerEdits!.Mounts!.Select(m => m.ContainerPath).ToList();

        Assert.Contains("/usr/local/nvidia/lib64/libGLdispatch.so.0", paths);
        Assert.Contains("/usr/local/nvidia/lib64/libEGL.so.1", paths);
        Assert.Contains("/usr/local/nvidia/lib64/libEGL.so.1.1.0", paths);
        Assert.Contains("/usr/local/nvidia/lib64/libnvidia-nvvm.so.4", paths);

        // A libGL that needs neither NVIDIA's GL core nor GLVND is another vendor's (v1's blacklist).
        Assert.DoesNotContain(paths, p => p.Contains("libGL.so", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_Hook_UpdatesTheLdCacheOfTheLibraryFolders()
    {
        using var host = new CdiHost();

        var hook = Assert.Single(host.Spec().ContainerEdits!.Hooks!);

        Assert.Equal("createContainer", hook.HookName);
        Assert.Equal("/usr/bin/nvidia-docker-plugin", hook.Path);
        Assert.Equal(
            ["nvidia-docker-plugin", "cdi-hook", "update-ldcache", "--folder", "/usr/local/nvidia/lib64", "--folder", "/usr/local/nvidia/lib"],
            hook.Args);
    }

    [Fact]
    public void Generate_NoHookCommand_NoHook()
    {
        using var host = new CdiHost();

        Assert.Null(host.Spec(host.Generator(withHook: false)).ContainerEdits!.Hooks);
    }

    [Fact]
    public void Generate_Env_TellsTheLegacyRuntimeHookToAddNothing()
    {
        using var host = new CdiHost();

        Assert.Equal(["NVIDIA_VISIBLE_DEVICES=void"], host.Spec().ContainerEdits!.Env);
    }

    [Fact]
    public void Generate_SameHost_SameBytes()
    {
        using var host = new CdiHost(profile: "dgx-h100");

        var first = host.Spec(host.Generator()).ToJson();
        var second = host.Spec(host.Generator()).ToJson();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_DriverUpgrade_NamesOnlyTheNewFiles()
    {
        using var host = new CdiHost();
        var generator = host.Generator();
        Assert.Contains($"libcuda.so.{Version}", System.Text.Encoding.UTF8.GetString(generator.Generate().Spec!.ToJson()));

        foreach (var old in Directory.EnumerateFiles(host.Driver.Root, $"*.so.{Version}", SearchOption.AllDirectories))
        {
            File.Delete(old);
        }

        host.Driver.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.560.35.03", "libcuda.so.1");
        host.Driver.RunLdconfig();
        var json = System.Text.Encoding.UTF8.GetString(generator.Generate().Spec!.ToJson());

        Assert.Contains("/usr/local/nvidia/lib64/libcuda.so.560.35.03", json);
        Assert.DoesNotContain(Version, json);
    }

    [Fact]
    public void Generate_LibraryRemovedBeforeLdconfigRan_LeftOutWithAWarning()
    {
        using var host = new CdiHost();
        var generator = host.Generator();
        generator.Generate();
        var removed = host.Driver.Host($"{FakeDriverRoot.Lib64}/libcuda.so.{Version}");

        // An installer has removed the old files and not yet re-run ldconfig.
        File.Delete(removed);
        var generation = generator.Generate();

        Assert.DoesNotContain(generation.Spec!.ContainerEdits!.Mounts!, m => m.HostPath == removed);
        var listed = host.Driver.Host($"{FakeDriverRoot.Lib64}/libcuda.so.1");
        Assert.Equal(
            [$"Skipping {listed}: no such file", $"The CDI spec has no libcuda.so.1: {listed}: no such file"],
            generation.Warnings);
    }

    [Fact]
    public void Generate_StandInDevRoot_DeclaresVersion050()
    {
        using var host = new CdiHost();

        Assert.Equal("0.5.0", host.Spec().CdiVersion);
    }

    [Fact]
    public void Generate_PinnedBelowWhatTheFieldsNeed_Throws()
    {
        using var host = new CdiHost();

        var e = Assert.Throws<CdiVersionException>(() => host.Generator(pinnedVersion: "0.4.0").Generate());

        Assert.Equal(
            $"the CDI spec needs cdiVersion 0.5.0 for device names that start with a digit (0) and device nodes with a hostPath ({host.DevRoot}/dev/nvidia1), above --cdi-version 0.4.0",
            e.Message);
    }

    [Fact]
    public void Generate_PinnedAboveTheMinimum_DeclaresThePin()
    {
        using var host = new CdiHost();

        Assert.Equal("0.6.0", host.Spec(host.Generator(pinnedVersion: "0.6.0")).CdiVersion);
    }

    [Fact]
    public void Generate_AnotherKind_NamesIt()
    {
        using var host = new CdiHost();

        Assert.Equal("example.com/accel", host.Spec(host.Generator(kind: CdiKind.Parse("example.com/accel"))).Kind);
    }
}
