using NvContract.Nvml.Interop;
using NvContract.Nvml.Native;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

/// <summary>The wrapper calls the GPU source does not use (MIG, events, architecture).</summary>
[Collection(NvmlCollection.Name)]
public sealed class NvmlDeviceTests : IDisposable
{
    public NvmlDeviceTests()
    {
        FakeNvml.Configure("default");
        NvmlLibrary.Acquire(FakeNvml.LibraryPath);
    }

    public void Dispose() => NvmlLibrary.Release();

    [Fact]
    public void GetMigMode_MigGpu_ListsItsPopulatedSlots()
    {
        var gpu = NvmlSystem.GetDeviceByIndex(0);

        Assert.True(gpu.GetMigMode());
        Assert.Equal(7u, gpu.GetMaxMigDeviceCount());
        var migs = Enumerable.Range(0, 7).Select(k => gpu.GetMigDeviceHandleByIndex((uint)k)).Where(m => m is not null).Select(m => m!.Value).ToArray();
        Assert.Equal([1u, 2u], migs.Select(m => m.GetGpuInstanceId()));
        Assert.Equal([0u, 0u], migs.Select(m => m.GetComputeInstanceId()));
        Assert.Equal("Fake H100 80GB HBM3 MIG 1g.10gb", migs[0].GetName());
    }

    [Fact]
    public void GetMigMode_OtherGpu_IsDisabledWithoutMigDevices()
    {
        var gpu = NvmlSystem.GetDeviceByIndex(1);

        Assert.False(gpu.GetMigMode());
        Assert.Null(gpu.GetMigDeviceHandleByIndex(0));
    }

    [Fact]
    public void GetGpuInstanceId_FullGpu_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<NvmlException>(() => NvmlSystem.GetDeviceByIndex(1).GetGpuInstanceId());

        Assert.Equal("nvml: Invalid Argument", error.Message);
    }

    [Fact]
    public void GetArchitecture_Hopper_IsNvmlArchHopper()
    {
        Assert.Equal((uint)NvmlNative.NVML_DEVICE_ARCH_HOPPER, NvmlSystem.GetDeviceByIndex(0).GetArchitecture());
    }

    [Fact]
    public void Wait_XidRegistered_DeliversItOnceThenTimesOut()
    {
        using var events = NvmlEventSet.Create();
        var gpu = NvmlSystem.GetDeviceByIndex(0);

        Assert.True(events.Register(gpu, NvmlNative.nvmlEventTypeXidCriticalError));
        var xid = events.Wait(100);

        Assert.NotNull(xid);
        Assert.Equal(NvmlNative.nvmlEventTypeXidCriticalError, xid.Value.EventType);
        Assert.Equal(79UL, xid.Value.EventData);
        Assert.Equal(0xFFFFFFFFu, xid.Value.GpuInstanceId);
        Assert.Equal(gpu.GetUuid(), xid.Value.Device.GetUuid());
        Assert.Null(events.Wait(1));
    }

    [Fact]
    public void Register_UnsupportedEventType_ReturnsFalse()
    {
        using var events = NvmlEventSet.Create();

        Assert.False(events.Register(NvmlSystem.GetDeviceByIndex(0), NvmlNative.nvmlEventTypePState));
    }

    [Fact]
    public void Wait_AfterDispose_ThrowsObjectDisposed()
    {
        var events = NvmlEventSet.Create();
        events.Dispose();

        Assert.Throws<ObjectDisposedException>(() => events.Wait(1));
    }
}
