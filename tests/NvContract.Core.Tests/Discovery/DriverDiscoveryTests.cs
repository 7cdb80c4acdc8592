using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

public class DriverDiscoveryTests
{
    private const string Version = "550.54.15";

    [Fact]
    public void Discover_FakeDriver_SplitsLibrariesBy32And64Bit()
    {
        using var root = FakeDriverRoot.WithDriver(Version);

        var files = Discovery(root).Discover();

        Assert.Equal([root.Host($"{FakeDriverRoot.Lib32}/libcuda.so.{Version}")], files.Libraries32);
        Assert.Equal(
            [$"libGLX_nvidia.so.{Version}", $"libcuda.so.{Version}", $"libnvidia-glcore.so.{Version}", $"libnvidia-ml.so.{Version}", $"libnvidia-tls.so.{Version}"],
            files.Libraries64.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files.Libraries64, p => Assert.StartsWith(root.Host(FakeDriverRoot.Lib64) + "/", p));
    }

    [Fact]
    public void Discover_SeveralKeysForOneFile_ListsTheRealFileOnce()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libcuda.so.{Version}", "libcuda.so.1");
        File.CreateSymbolicLink(root.Host($"{FakeDriverRoot.Lib64}/libcuda.so"), "libcuda.so.1");
        root.RunLdconfig();

        var files = Discovery(root).Discover();

        Assert.Equal([root.Host($"{FakeDriverRoot.Lib64}/libcuda.so.{Version}")], files.Libraries64);
    }

    [Fact]
    public void Discover_NvvmCompiler_FoundWithItsLegacyBuild()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-nvvm.so.{Version}", "libnvidia-nvvm.so.4");
        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-nvvm70.so.4", "libnvidia-nvvm70.so.4");
        root.RunLdconfig();

        Assert.Equal(
            [$"libnvidia-nvvm.so.{Version}", "libnvidia-nvvm70.so.4"],
            Discovery(root).Discover().Libraries64.Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Discover_LibrariesNotInTheLists_AreIgnored()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-cfg.so.{Version}", "libnvidia-cfg.so.1");
        root.AddLibrary(FakeDriverRoot.Lib64, "libOpenCL.so.1.0.0", "libOpenCL.so.1");
        root.RunLdconfig();

        Assert.Empty(Discovery(root).Discover().Libraries64);
    }

    [Fact]
    public void Discover_Binaries_FoundThroughPathInsideTheRootAndDeduplicated()
    {
        using var root = new FakeDriverRoot();
        root.RunLdconfig();
        var smi = root.AddBinary("nvidia-smi");
        root.AddBinary("nvidia-persistenced", "/usr/local/bin");
        Directory.CreateDirectory(root.Host("/opt/nv"));
        File.CreateSymbolicLink(root.Host("/opt/nv/nvidia-debugdump"), "/usr/bin/nvidia-smi");
        File.WriteAllText(root.Host("/usr/bin/nvidia-cuda-mps-control"), "not executable");
        var discovery = new DriverDiscovery(root.Root, "relative/bin:/opt/nv:" + FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance);

        var binaries = discovery.Discover().Binaries;

        // List order: nvidia-debugdump (a link to nvidia-smi) comes first; nvidia-smi is then a duplicate.
        Assert.Equal([smi, root.Host("/usr/local/bin/nvidia-persistenced")], binaries);
    }

    [Fact]
    public void Discover_CacheEntryLinkingOutOfTheRoot_IsNotFollowedOutside()
    {
        using var outside = FakeDriverRoot.WithDriver(Version);
        using var root = new FakeDriverRoot(outside.Root);
        root.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-ml.so.{Version}", "libnvidia-ml.so.1");
        root.RunLdconfig();
        var link = root.Host($"{FakeDriverRoot.Lib64}/libnvidia-ml.so.1");
        File.Delete(link);
        File.CreateSymbolicLink(link, $"../../../../{FakeDriverRoot.Lib64}/libcuda.so.{Version}");

        var files = Discovery(root).Discover();

        Assert.DoesNotContain(files.Libraries64, p => !p.StartsWith(root.Root + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_CacheRewritten_ReadsItAgain()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libcuda.so.{Version}", "libcuda.so.1");
        root.RunLdconfig();
        var discovery = Discovery(root);
        Assert.Single(discovery.Discover().Libraries64);

        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-ml.so.560.1", "libnvidia-ml.so.1");
        root.RunLdconfig();

        Assert.Equal(2, discovery.Discover().Libraries64.Count);
    }

    [Fact]
    public void Discover_Aarch64AndUnknownArchitectures_Aarch64GoesToLib64OthersSkipped()
    {
        using var root = new FakeDriverRoot();
        Directory.CreateDirectory(root.Host("/usr/lib/aarch64-linux-gnu"));
        File.WriteAllText(root.Host("/usr/lib/aarch64-linux-gnu/libcuda.so.1"), "arm64");
        File.WriteAllText(root.Host("/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1"), "riscv64");
        File.WriteAllBytes(
            root.Host("/etc/ld.so.cache"),
            LdCacheTests.NewFormat(
                (0x0a03, "libcuda.so.1", "/usr/lib/aarch64-linux-gnu/libcuda.so.1"),
                (0x1003, "libnvidia-ml.so.1", "/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1")));

        var files = Discovery(root).Discover();

        Assert.Equal([root.Host("/usr/lib/aarch64-linux-gnu/libcuda.so.1")], files.Libraries64);
        Assert.Empty(files.Libraries32);
    }

    [Fact]
    public void Discover_NoCache_ThrowsWithThePath()
    {
        using var root = new FakeDriverRoot();

        var e = Assert.Throws<FileNotFoundException>(() => Discovery(root).Discover());
        Assert.Contains("ld.so.cache", e.Message);
    }

    [Fact]
    public void Discover_CorruptCache_ThrowsInvalidLdCache()
    {
        using var root = new FakeDriverRoot();
        File.WriteAllText(root.Host("/etc/ld.so.cache"), "garbage garbage garbage garbage garbage garbage");

        Assert.Throws<InvalidLdCacheException>(() => Discovery(root).Discover());
    }

    private static DriverDiscovery Discovery(FakeDriverRoot root) =>
        new(root.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance);
}
