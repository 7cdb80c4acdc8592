using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Cdi;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

public class CdiPublisherTests
{
    [Fact]
    public void Refresh_FirstTime_WritesTheSpecNamedByKind()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var log = new LogCapture();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, log.Factory.CreateLogger<CdiPublisher>());

        Assert.True(publisher.Refresh());

        Assert.Equal(folder.Combine("nvidia-docker-plugin.nvidia.com-gpu.json"), publisher.SpecPath);
        Assert.Equal(host.Spec().ToJson(), File.ReadAllBytes(publisher.SpecPath));
        Assert.Contains(log.Entries, e => e.Message.StartsWith($"Wrote CDI spec {publisher.SpecPath} (cdiVersion 0.5.0): nvidia.com/gpu=0, ", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_NothingChanged_NothingWritten()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance);
        publisher.Refresh();

        Assert.False(publisher.Refresh());
        Assert.False(new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance).Refresh());
    }

    [Fact]
    public void Refresh_DriverUpgraded_OldPathsGone()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance);
        publisher.Refresh();
        foreach (var old in Directory.EnumerateFiles(host.Driver.Root, $"*.so.{CdiHost.Version}", SearchOption.AllDirectories))
        {
            File.Delete(old);
        }

        host.Driver.AddLibrary(FakeDriverRoot.Lib64, "libcuda.so.560.35.03", "libcuda.so.1");
        host.Driver.RunLdconfig();

        Assert.True(publisher.Refresh());
        var json = File.ReadAllText(publisher.SpecPath);
        Assert.Contains(host.Driver.Host(FakeDriverRoot.Lib64 + "/libcuda.so.560.35.03"), json);
        Assert.DoesNotContain(CdiHost.Version, json);
    }

    [Fact]
    public void Refresh_NodeAppears_DeviceAdded()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        host.RemoveNode("/dev/nvidia3");
        var publisher = new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance);
        publisher.Refresh();
        Assert.DoesNotContain("/dev/nvidia3", File.ReadAllText(publisher.SpecPath));

        host.AddNode("/dev/nvidia3");

        Assert.True(publisher.Refresh());
        Assert.Contains("/dev/nvidia3", File.ReadAllText(publisher.SpecPath));
    }

    [Fact]
    public void Refresh_AnotherSpecOfTheKind_NotWrittenOneErrorNamingItAndTheWayOut()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var other = folder.Combine("nvidia.yaml");
        File.WriteAllText(other, "cdiVersion: 0.5.0\nkind: nvidia.com/gpu\ndevices: []\n");
        var log = new LogCapture();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, log.Factory.CreateLogger<CdiPublisher>());

        Assert.False(publisher.Refresh());
        Assert.False(publisher.Refresh());

        Assert.False(File.Exists(publisher.SpecPath));
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.StartsWith("Error: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(other, error.Message, StringComparison.Ordinal);
        Assert.Contains("--cdi-kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_OtherSpecAppearsLater_OwnSpecWithdrawnUntilItGoes()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance);
        publisher.Refresh();
        var other = folder.Combine("nvidia.json");

        File.WriteAllText(other, "{\"cdiVersion\":\"0.5.0\",\"kind\":\"nvidia.com/gpu\",\"devices\":[]}");
        Assert.True(publisher.Refresh());
        Assert.False(File.Exists(publisher.SpecPath));

        File.Delete(other);
        Assert.True(publisher.Refresh());
        Assert.True(File.Exists(publisher.SpecPath));
    }

    [Fact]
    public void Refresh_AnotherKindInTheFolder_Written()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("nvidia.yaml"), "kind: nvidia.com/gpu\n");
        var publisher = new CdiPublisher(host.Generator(kind: CdiKind.Parse("nvcontract.example/gpu")), folder.Path, NullLogger.Instance);

        Assert.True(publisher.Refresh());
        Assert.Equal(folder.Combine("nvidia-docker-plugin.nvcontract.example-gpu.json"), publisher.SpecPath);
    }

    [Fact]
    public void Refresh_UnwritableFolder_LoggedErrorNoThrow()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("cdi"), "a file where the folder should be");
        var log = new LogCapture();
        var publisher = new CdiPublisher(host.Generator(), folder.Combine("cdi"), log.Factory.CreateLogger<CdiPublisher>());

        Assert.False(publisher.Refresh());
        Assert.False(publisher.Refresh());

        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.StartsWith($"Error: cannot write the CDI spec {folder.Combine("cdi")}/nvidia-docker-plugin.nvidia.com-gpu.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_DriverGone_SpecRemoved()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var log = new LogCapture();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, log.Factory.CreateLogger<CdiPublisher>());
        publisher.Refresh();

        File.Delete(host.Driver.Host("/etc/ld.so.cache"));

        Assert.True(publisher.Refresh());
        Assert.False(File.Exists(publisher.SpecPath));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("Error: cannot generate the CDI spec", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_LastGpuNodeGone_SpecRemoved()
    {
        using var host = new CdiHost();
        using var folder = new TempFolder();
        var publisher = new CdiPublisher(host.Generator(), folder.Path, NullLogger.Instance);
        publisher.Refresh();

        foreach (var gpu in host.Gpus.Devices)
        {
            host.RemoveNode(gpu.Path);
        }

        Assert.True(publisher.Refresh());
        Assert.False(File.Exists(publisher.SpecPath));
    }
}
