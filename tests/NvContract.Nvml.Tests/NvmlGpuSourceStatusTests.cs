using NvContract.Core.Gpu;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

[Collection(NvmlCollection.Name)]
public sealed class NvmlGpuSourceStatusTests
{
    // Power, temperature, utilisation, encoder, decoder, memory, 2 clocks, BAR1, processes,
    // 3 ECC counters, 2 PCIe counters: the least a v1 status needs.
    private const int CallsPerDeviceWithoutProcesses = 15;

    [Fact]
    public void GetStatus_DefaultMachine_ConvertsUnitsLikeV1()
    {
        using var source = FakeNvml.Open("default");

        var status = source.GetStatus(2);

        Assert.Equal(102, status.PowerWatts); // 102999 mW, truncated
        Assert.Equal(32, status.TemperatureC);
        Assert.Equal(new GpuUtilization(30, 15, 3, 6), status.Utilization);
        Assert.Equal(3079, status.MemoryUsedMiB);
        Assert.Equal(new GpuEccErrors(0, 2, 4), status.EccErrors);
        Assert.Equal(new GpuClocks(1502, 2619), status.Clocks);
        Assert.Equal(4, status.Bar1UsedMiB);
        Assert.Equal(new GpuThroughput(3, 6), status.Throughput); // 3999 KB/s → 3 MB/s
        Assert.Equal(
            [new GpuProcess(3000, "worker-3000", 256), new GpuProcess(3001, "worker-3001", 512)],
            status.Processes);
    }

    [Fact]
    public void GetStatus_DeviceWithoutProcesses_ListsNone()
    {
        using var source = FakeNvml.Open("default");

        Assert.Empty(source.GetStatus(0).Processes);
    }

    [Fact]
    public void GetStatus_MoreThan32Processes_GrowsTheBuffer()
    {
        using var source = FakeNvml.Open("busy");

        Assert.Equal(Enumerable.Range(1000, 40).Select(p => (long)p), source.GetStatus(0).Processes.Select(p => p.Pid));
        Assert.Equal(33, source.GetStatus(1).Processes.Count);
    }

    [Fact]
    public void GetStatus_ProcessExitsBeforeItsNameIsRead_LeftOut()
    {
        using var source = FakeNvml.Open("vanishing");

        Assert.Empty(source.GetStatus(1).Processes);
        Assert.Equal([new GpuProcess(3000, "worker-3000", 256)], source.GetStatus(2).Processes);
    }

    [Fact]
    public void GetStatus_FourGpus_MakesOnlyTheCallsTheStatusNeeds()
    {
        using var source = FakeNvml.Open("default");
        var processes = new[] { 0, 1, 2, 0 };

        for (var i = 0; i < 4; i++)
        {
            FakeNvml.ResetCallCount();
            source.GetStatus(i);
            Assert.Equal((ulong)(CallsPerDeviceWithoutProcesses + processes[i]), FakeNvml.CallCount);
        }

        FakeNvml.ResetCallCount();
        for (var i = 0; i < 4; i++)
        {
            source.GetStatus(i);
        }

        Assert.Equal(63UL, FakeNvml.CallCount);
    }

    [Fact]
    public void GetStatus_CallFailsOnOneDevice_ThrowsNvmlErrorStringForThatDeviceOnly()
    {
        using var source = FakeNvml.Open("error");

        var error = Assert.Throws<NvmlException>(() => source.GetStatus(1));

        Assert.Equal("nvml: Unknown Error", error.Message);
        Assert.Equal(NvmlReturn.Unknown, error.Result);
        Assert.Equal("nvmlDeviceGetPowerUsage", error.Function);
        Assert.Equal(100, source.GetStatus(0).PowerWatts);
    }

    [Fact]
    public void GetStatus_LaterCallOfGroupNotSupported_ThrowsNotSupported()
    {
        using var source = FakeNvml.Open("error");

        var error = Assert.Throws<NvmlException>(() => source.GetStatus(2));

        Assert.Equal("nvml: Not Supported", error.Message);
        Assert.Equal("nvmlDeviceGetClockInfo", error.Function);
    }

    [Fact]
    public void GetStatus_EccCountedInDeviceMemoryOnly_CachesNullGlobalCounted()
    {
        using var source = FakeNvml.Open("unsupported");

        // GPU 2 answers for device memory but not per cache, as Ampere and Hopper boards do.
        Assert.Equal(new GpuEccErrors(null, null, 4), source.GetStatus(2).EccErrors);
    }

    [Fact]
    public void GetStatus_FirstCallOfGroupNotSupported_LeavesGroupNull()
    {
        using var source = FakeNvml.Open("unsupported");

        var status = source.GetStatus(1);

        Assert.Equal(Json.Of(GpuStatus.Unknown), Json.Of(status));
        Assert.NotNull(source.GetStatus(0).PowerWatts);
    }

    [Theory]
    [InlineData(-1, "negative")]
    [InlineData(4, "one past the last of 4 devices")]
    public void GetStatus_IndexOutsideDevices_ThrowsArgumentOutOfRange(int index, string description)
    {
        Assert.NotEmpty(description);
        using var source = FakeNvml.Open("default");

        Assert.Throws<ArgumentOutOfRangeException>(() => source.GetStatus(index));
    }

    [Fact]
    public void GetStatus_AfterDispose_ThrowsObjectDisposed()
    {
        var source = FakeNvml.Open("default");
        source.Dispose();

        Assert.Throws<ObjectDisposedException>(() => source.GetStatus(0));
    }

    [Fact]
    public void GetStatus_ConcurrentRequests_AllReadTheSameValues()
    {
        using var source = FakeNvml.Open("default");
        var expected = Json.Of(source.GetStatus(2));

        var results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k => results[k] = Json.Of(source.GetStatus(2)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void GetVersions_DefaultMachine_FormatsCudaLikeV1()
    {
        using var source = FakeNvml.Open("default");

        Assert.Equal(new DriverVersions("550.54.15", "12.4"), source.GetVersions());
    }

    [Theory]
    [InlineData("unsupported", "NVML answers not supported")]
    [InlineData("nocuda", "libcuda.so.1 is missing (NVML_ERROR_LIBRARY_NOT_FOUND)")]
    public void GetVersions_CudaVersionUnavailable_IsNull(string scenario, string description)
    {
        using var source = FakeNvml.Open(scenario);

        Assert.True(new DriverVersions("550.54.15", null) == source.GetVersions(), description);
    }
}
