using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Tests.Mig;

/// <summary>
/// MIG devices in <c>dev</c> values and the device nodes they bring, over a stand-in
/// <c>mig-minors</c> under a test /proc root: GPU 0 has minor 1, so its capabilities are gpu1/...
/// </summary>
public sealed class MigDockerArgumentsTests : IDisposable
{
    private readonly string _procRoot = Directory.CreateTempSubdirectory("nvc-proc-").FullName;

    private static readonly GpuDevice[] Gpus =
    [
        new() { Uuid = "GPU-aaaa", Minor = 1, Pci = new GpuPci("00000000:18:00.0", null, null) },
        new() { Uuid = "GPU-bbbb", Minor = 0, Pci = new GpuPci("00000000:28:00.0", null, null) },
    ];

    private static readonly MigDevice[] Migs = [Mig(0, 0, 2, "3g.40gb"), Mig(0, 1, 9, "1g.10gb"), Mig(1, 0, 7, "1g.10gb")];

    public MigDockerArgumentsTests()
    {
        var caps = Path.Join(_procRoot, "driver", "nvidia-caps");
        Directory.CreateDirectory(caps);
        // Keyed by GPU minor: gpu1 is GPU 0 (index 0, minor 1); gpu0 is GPU 1.
        File.WriteAllText(Path.Join(caps, "mig-minors"), """
            config 1
            monitor 2
            gpu0/gi7/access 66
            gpu0/gi7/ci0/access 67
            gpu1/gi2/access 21
            gpu1/gi2/ci0/access 22
            gpu1/gi9/access 84
            gpu1/gi9/ci0/access 85
            gpu1/gi7/access 76
            gpu1/gi7/ci0/access 77
            """);
    }

    public void Dispose() => Directory.Delete(_procRoot, recursive: true);

    [Theory]
    [InlineData("0:1")]
    [InlineData("MIG-0-9-0")]
    [InlineData("MIG-0-9")]
    [InlineData("MIG-GPU-aaaa/9/0")]
    public void Build_OneMigDevice_ParentNodeAndItsTwoCapNodesByGpuMinor(string dev)
    {
        var args = Build(dev);

        Assert.Equal(["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap84", "/dev/nvidia-caps/nvidia-cap85"], GpuNodes(args));
    }

    [Fact]
    public void Build_TwoMigDevicesOfOneGpuAndAWholeGpu_ParentListedOnceInOrder()
    {
        var args = Build("0:0 1 0:1");

        Assert.Equal(
            ["/dev/nvidia1", "/dev/nvidia-caps/nvidia-cap21", "/dev/nvidia-caps/nvidia-cap22", "/dev/nvidia0", "/dev/nvidia-caps/nvidia-cap84", "/dev/nvidia-caps/nvidia-cap85"],
            GpuNodes(args));
    }

    [Fact]
    public void Build_UnderDevRoot_CapNodesAreHostContainerPairs()
    {
        var devRoot = Directory.CreateTempSubdirectory("nvc-dev-").FullName;
        try
        {
            var args = DockerArguments.Build(
                DeviceSelection.Select("1:0", Gpus, () => Migs), [], "550.54.15", new DeviceNodes(devRoot), new MigDeviceNodes(_procRoot));

            Assert.Contains($"{devRoot}/dev/nvidia-caps/nvidia-cap66:/dev/nvidia-caps/nvidia-cap66", args.Devices);
            Assert.Contains($"{devRoot}/dev/nvidia0:/dev/nvidia0", args.Devices);
        }
        finally
        {
            Directory.Delete(devRoot, recursive: true);
        }
    }

    [Theory]
    [InlineData("0:4")]
    [InlineData("2:0")]
    [InlineData("0:")]
    [InlineData(":1")]
    [InlineData("0:1:0")]
    [InlineData("0:+1")]
    [InlineData("MIG-ffff")]
    [InlineData("MIG-GPU-aaaa/9/1")]
    [InlineData("MIG-GPU-aaaa/9")]
    public void Select_UnknownMigDevice_IsV1InvalidDevice(string dev)
    {
        var e = Assert.Throws<InvalidSelectionException>(() => DeviceSelection.Select(dev, Gpus, () => Migs));

        Assert.Equal($"invalid device: {dev}", e.Message);
    }

    [Fact]
    public void Select_NoMigToken_NeverReadsTheLayout()
    {
        var selected = DeviceSelection.Select("1 GPU-aaaa", Gpus, () => throw new InvalidOperationException("layout read"));

        Assert.Equal([Gpus[1], Gpus[0]], selected.Select(s => s.Gpu));
    }

    [Fact]
    public void Paths_InstanceMissingFromMigMinors_NamesTheCapabilityAndFile()
    {
        var gone = Mig(0, 2, 11, "1g.10gb");

        var e = Assert.Throws<MigCapabilityNotFoundException>(() => new MigDeviceNodes(_procRoot).Paths(gone));

        Assert.Equal($"MIG device 0:2 (MIG-0-11-0): no gpu1/gi11/access in {_procRoot}/driver/nvidia-caps/mig-minors", e.Message);
    }

    [Fact]
    public void TryPaths_InstanceInMigMinors_TheNodesPathsGives()
    {
        var nodes = new MigDeviceNodes(_procRoot);

        var paths = nodes.TryPaths(Migs[0], MigMinors.Read(_procRoot), out var problem);

        Assert.Equal(nodes.Paths(Migs[0]), paths);
        Assert.Null(problem);
    }

    [Fact]
    public void TryPaths_InstanceMissingFromMigMinors_NullWithWhatIsMissing()
    {
        var gone = Mig(0, 2, 11, "1g.10gb");
        var nodes = new MigDeviceNodes(_procRoot);

        var paths = nodes.TryPaths(gone, MigMinors.Read(_procRoot), out var problem);

        Assert.Null(paths);
        Assert.Equal($"no gpu1/gi11/access in {_procRoot}/driver/nvidia-caps/mig-minors", problem);
    }

    [Theory]
    [InlineData(1u, 1u, 9856L, "1g.10gb")]
    [InlineData(3u, 3u, 40192L, "3g.40gb")]
    [InlineData(7u, 7u, 81408L, "7g.80gb")]
    [InlineData(4u, 2u, 40192L, "2c.4g.40gb")]
    public void ProfileName_SlicesAndMemory_AsNvidiaSpellsThem(uint gi, uint ci, long memory, string expected) =>
        Assert.Equal(expected, MigProfile.Name(gi, ci, memory));

    private DockerArguments Build(string dev) =>
        DockerArguments.Build(DeviceSelection.Select(dev, Gpus, () => Migs), [], "550.54.15", new DeviceNodes("/nonexistent-root-for-test/.."), new MigDeviceNodes(_procRoot));

    private static string[] GpuNodes(DockerArguments args) =>
        args.Devices.Where(d => d.StartsWith("/dev/nvidia", StringComparison.Ordinal) && d != "/dev/nvidiactl" && !d.StartsWith("/dev/nvidia-uvm", StringComparison.Ordinal)).ToArray();

    private static MigDevice Mig(int gpu, int index, uint gi, string profile) => new()
    {
        ParentIndex = gpu,
        ParentMinor = Gpus[gpu].Minor,
        ParentUuid = Gpus[gpu].Uuid,
        Index = index,
        GpuInstanceId = gi,
        ComputeInstanceId = 0,
        Profile = profile,
        Uuid = $"MIG-{gpu}-{gi}-0",
    };
}
