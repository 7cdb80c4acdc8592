using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Discovery;

public class DriverDiscoveryTests
{
    private const string Version = "550.54.15";

    [Fact]
    public void Discover_FakeDriver_SplitsLibrariesBy32And64BitAsCacheKeysAndPaths()
    {
        using var root = FakeDriverRoot.WithDriver(Version);

        using var files = Discovery(root).Discover();

        Assert.Equal([new DriverPath("libcuda.so.1", $"{FakeDriverRoot.Lib32}/libcuda.so.1")], files.Libraries32);
        Assert.Equal(
            ["libGLX_nvidia.so.0", "libcuda.so.1", $"libnvidia-glcore.so.{Version}", "libnvidia-ml.so.1", $"libnvidia-tls.so.{Version}"],
            files.Libraries64.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(files.Libraries64, p => Assert.Equal($"{FakeDriverRoot.Lib64}/{p.Name}", p.PathInRoot));
        Assert.Equal(Path.GetFullPath(root.Root), files.Root.HostPath);
    }

    [Fact]
    public void Discover_NvvmCompiler_FoundWithItsLegacyBuild()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-nvvm.so.{Version}", "libnvidia-nvvm.so.4");
        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-nvvm70.so.4", "libnvidia-nvvm70.so.4");
        root.RunLdconfig();

        Assert.Equal(
            ["libnvidia-nvvm.so.4", "libnvidia-nvvm70.so.4"],
            Discovery(root).Discover().Libraries64.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Discover_LibrariesNotInTheLists_AreIgnored()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libnvidia-cfg.so.{Version}", "libnvidia-cfg.so.1");
        root.AddLibrary(FakeDriverRoot.Lib64, "libOpenCL.so.1.0.0", "libOpenCL.so.1");
        root.RunLdconfig();

        using var files = Discovery(root).Discover();

        Assert.Empty(files.Libraries64);
    }

    [Fact]
    public void Discover_Binaries_FirstExecutableRegularFileThroughPathInsideTheRoot()
    {
        using var root = new FakeDriverRoot();
        root.RunLdconfig();
        root.AddBinary("nvidia-smi");
        root.AddBinary("nvidia-persistenced", "/usr/local/bin");
        root.AddBinary("nvidia-cuda-mps-server");
        Directory.CreateDirectory(root.Host("/opt/nv"));
        File.CreateSymbolicLink(root.Host("/opt/nv/nvidia-debugdump"), "/usr/bin/nvidia-smi");
        File.WriteAllText(root.Host("/usr/bin/nvidia-cuda-mps-control"), "not executable");
        Tool.Run("mkfifo", "-m", "755", root.Host("/usr/local/bin/nvidia-cuda-mps-server"));
        var discovery = new DriverDiscovery(root.Root, "relative/bin:/opt/nv:" + FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance);

        using var files = discovery.Discover();

        Assert.Equal(
            [
                new DriverPath("nvidia-cuda-mps-server", "/usr/bin/nvidia-cuda-mps-server"),
                new DriverPath("nvidia-debugdump", "/opt/nv/nvidia-debugdump"),
                new DriverPath("nvidia-persistenced", "/usr/local/bin/nvidia-persistenced"),
                new DriverPath("nvidia-smi", "/usr/bin/nvidia-smi"),
            ],
            files.Binaries);
    }

    [Fact]
    public void Discover_CacheRewritten_ReadsItAgain()
    {
        using var root = new FakeDriverRoot();
        root.AddLibrary(FakeDriverRoot.Lib64, $"libcuda.so.{Version}", "libcuda.so.1");
        root.RunLdconfig();
        var discovery = Discovery(root);
        using (var first = discovery.Discover())
        {
            Assert.Single(first.Libraries64);
        }

        root.AddLibrary(FakeDriverRoot.Lib64, "libnvidia-ml.so.560.1", "libnvidia-ml.so.1");
        root.RunLdconfig();

        using var second = discovery.Discover();
        Assert.Equal(2, second.Libraries64.Count);
    }

    [Fact]
    public void Discover_Aarch64AndUnknownArchitectures_Aarch64GoesToLib64OthersSkipped()
    {
        using var root = new FakeDriverRoot();
        File.WriteAllBytes(
            root.Host("/etc/ld.so.cache"),
            LdCacheTests.NewFormat(
                (0x0a03, "libcuda.so.1", "/usr/lib/aarch64-linux-gnu/libcuda.so.1"),
                (0x1003, "libnvidia-ml.so.1", "/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1")));

        using var files = Discovery(root).Discover();

        Assert.Equal([new DriverPath("libcuda.so.1", "/usr/lib/aarch64-linux-gnu/libcuda.so.1")], files.Libraries64);
        Assert.Empty(files.Libraries32);
    }

    [Fact]
    public void Discover_NoCache_ThrowsWithThePath()
    {
        using var root = new FakeDriverRoot();

        var e = Assert.Throws<LdCacheNotFoundException>(() => Discovery(root).Discover());
        Assert.Equal($"no ld.so.cache in the driver root: {root.Host("/etc/ld.so.cache")} not found", e.Message);
    }

    [Fact]
    public void Discover_CorruptCache_ThrowsInvalidLdCache()
    {
        using var root = new FakeDriverRoot();
        File.WriteAllText(root.Host("/etc/ld.so.cache"), "garbage garbage garbage garbage garbage garbage");

        Assert.Throws<InvalidLdCacheException>(() => Discovery(root).Discover());
    }

    [Fact]
    public void Discover_CacheIsAFifo_ThrowsInvalidLdCacheWithoutBlocking()
    {
        using var root = new FakeDriverRoot();
        Tool.Run("mkfifo", root.Host("/etc/ld.so.cache"));

        var e = Assert.Throws<InvalidLdCacheException>(() => Discovery(root).Discover());
        Assert.Equal($"invalid ld.so.cache file: {root.Host("/etc/ld.so.cache")}: not a regular file (FIFO)", e.Message);
    }

    [Fact]
    public void Discover_CacheLinkingOutOfTheRoot_IsLookedUpInsideIt()
    {
        using var outside = FakeDriverRoot.WithDriver(Version);
        using var root = new FakeDriverRoot();
        File.CreateSymbolicLink(root.Host("/etc/ld.so.cache"), outside.Host("/etc/ld.so.cache"));

        Assert.Throws<LdCacheNotFoundException>(() => Discovery(root).Discover());
    }

    private static DriverDiscovery Discovery(FakeDriverRoot root) =>
        new(root.Root, FakeDriverRoot.SearchPath, NullLogger<DriverDiscovery>.Instance);
}
