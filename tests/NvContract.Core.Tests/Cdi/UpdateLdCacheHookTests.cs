using NvContract.Core.Cdi;
using NvContract.Core.Discovery;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

/// <summary>The hook as a runtime runs it: the container's state on stdin, its bundle's config.json naming the root.</summary>
public class UpdateLdCacheHookTests
{
    private static readonly string[] Folders = ["--folder", "/usr/local/nvidia/lib64", "--folder", "/usr/local/nvidia/lib"];

    [Theory]
    [InlineData("relative to the bundle", false)]
    [InlineData("absolute", true)]
    public void Run_RuntimeState_AddsTheFoldersToTheContainersCache(string description, bool absoluteRoot)
    {
        using var bundle = new TempFolder();
        using var container = new FakeDriverRoot(bundle.Path);
        container.AddLibrary("/usr/local/nvidia/lib64", "libcuda.so.550.54.15", "libcuda.so.1");
        var rootPath = absoluteRoot ? container.Root : Path.GetFileName(container.Root);
        File.WriteAllText(bundle.Combine("config.json"), $$$"""{"ociVersion":"1.0.2","root":{"path":"{{{rootPath}}}"}}""");
        var stderr = new StringWriter();

        var code = UpdateLdCacheHook.Run(Folders, new StringReader(State(bundle.Path)), stderr);

        Assert.True(code == 0, $"{description}: {stderr}");
        var entry = Assert.Single(LdCache.Parse(File.ReadAllBytes(container.Host("/etc/ld.so.cache"))));
        Assert.Equal(("libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1"), (entry.Key, entry.Value));

        // ldconfig made the SONAME link inside the container's root, nowhere else.
        Assert.Equal("libcuda.so.550.54.15", new FileInfo(container.Host("/usr/local/nvidia/lib64/libcuda.so.1")).LinkTarget);
    }

    [Fact]
    public void Run_ImageWithoutEtc_ContainerStartsAnywayWithAMessage()
    {
        using var bundle = new TempFolder();
        Directory.CreateDirectory(bundle.Combine("rootfs/usr/local/nvidia/lib64"));
        File.WriteAllText(bundle.Combine("config.json"), """{"root":{"path":"rootfs"}}""");
        var stderr = new StringWriter();

        Assert.Equal(0, UpdateLdCacheHook.Run(Folders, new StringReader(State(bundle.Path)), stderr));

        Assert.Contains("the container's ld.so.cache is left as it is", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(bundle.Combine("rootfs/etc/ld.so.cache")));
    }

    [Fact]
    public void Run_NoLdconfigOnTheHost_ContainerStartsAnywayWithAMessage()
    {
        using var bundle = new TempFolder();
        File.WriteAllText(bundle.Combine("config.json"), """{"root":{"path":"rootfs"}}""");
        var stderr = new StringWriter();

        Assert.Equal(0, UpdateLdCacheHook.Run(Folders, new StringReader(State(bundle.Path)), stderr, ["/nonexistent/ldconfig"]));

        Assert.StartsWith("update-ldcache: no ldconfig on the host (/nonexistent/ldconfig)", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not JSON")]
    [InlineData("{\"id\":\"x\"}")]
    [InlineData("{\"bundle\":\"relative/path\"}")]
    [InlineData("{\"bundle\":\"/nonexistent-bundle-for-test\"}")]
    public void Run_NotARuntimesState_Exit1(string state)
    {
        var stderr = new StringWriter();

        Assert.Equal(1, UpdateLdCacheHook.Run(Folders, new StringReader(state), stderr));

        Assert.StartsWith("update-ldcache: failed to read the container state: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--folder")]
    [InlineData("--folder", "relative")]
    [InlineData("--other", "/x")]
    public void Run_BadArguments_Exit2(params string[] args)
    {
        var stderr = new StringWriter();

        Assert.Equal(2, UpdateLdCacheHook.Run(args, new StringReader("{}"), stderr));

        Assert.StartsWith("update-ldcache: unexpected argument: ", stderr.ToString(), StringComparison.Ordinal);
    }

    private static string State(string bundle) => $$"""{"ociVersion":"1.0.2-dev","id":"c1","status":"creating","pid":1,"bundle":"{{bundle}}"}""";
}
