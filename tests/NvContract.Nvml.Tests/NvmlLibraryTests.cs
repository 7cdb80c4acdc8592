using NvContract.Nvml.Adapter;
using NvContract.Nvml.Interop;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

[Collection(NvmlCollection.Name)]
public sealed class NvmlLibraryTests
{
    [Fact]
    public void Open_TwoSources_ShareOneInitialisation()
    {
        using var first = FakeNvml.Open("default");
        FakeNvml.Configure("default", gpus: 1);

        using var second = NvmlGpuSource.Open(FakeNvml.LibraryPath, FakeNvml.EmptySysRoot);

        Assert.Equal(4, second.Devices.Count); // no second nvmlInit_v2 took the new configuration
    }

    [Fact]
    public void Dispose_OneOfTwoSources_KeepsTheOtherWorking()
    {
        using var kept = FakeNvml.Open("default");
        var dropped = NvmlGpuSource.Open(FakeNvml.LibraryPath, FakeNvml.EmptySysRoot);

        dropped.Dispose();
        dropped.Dispose();

        Assert.Equal(100, kept.GetStatus(0).PowerWatts);
    }

    [Fact]
    public void Dispose_LastSource_ShutsNvmlDown()
    {
        FakeNvml.Open("default").Dispose();

        var error = Assert.Throws<NvmlException>(() => NvmlSystem.GetDeviceCount());

        Assert.Equal("nvml: Uninitialized", error.Message);
    }

    [Fact]
    public void Open_OtherLibraryAfterFirstLoad_IsRefused()
    {
        FakeNvml.Open("default").Dispose();
        var copy = Path.Combine(Directory.CreateTempSubdirectory("nvml-copy-").FullName, "libnvidia-ml.so.1");
        File.Copy(FakeNvml.LibraryPath, copy);

        var error = Assert.Throws<InvalidOperationException>(() => NvmlGpuSource.Open(copy));

        Assert.Contains(FakeNvml.LibraryPath, error.Message, StringComparison.Ordinal);
        Assert.Equal(FakeNvml.LibraryPath, NvmlLibrary.LoadedFrom);
    }

    [Fact]
    public void Name_IsTheDriverSoname()
    {
        Assert.Equal("libnvidia-ml.so.1", NvmlLibrary.Name);
    }
}
