using Microsoft.Extensions.Time.Testing;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Nvml.Adapter;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

/// <summary>MIG discovery over the fake's "mig" machine: GPUs 0 and 1 in MIG mode, GPU 0 partitioned.</summary>
[Collection(NvmlCollection.Name)]
public sealed class NvmlGpuSourceMigTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("nvml-mig-");

    private string ControlFile => Path.Combine(_folder.FullName, "mig-layout");

    public void Dispose()
    {
        FakeNvml.ConfigureMigFile(null);
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void MigDevices_PartitionedGpu_ListsEachInstanceWithProfileIdsMemoryAndUuid()
    {
        using var source = FakeNvml.Open("mig");

        var migs = source.MigDevices;

        // Slot 2 is empty: positions skip it, so slot 3 is 0:2.
        Assert.Equal(["0:0", "0:1", "0:2", "0:3"], migs.Select(m => m.Name));
        Assert.Equal(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], migs.Select(m => m.Profile));
        Assert.Equal([2u, 3u, 9u, 10u], migs.Select(m => m.GpuInstanceId));
        Assert.All(migs, m => Assert.Equal(0u, m.ComputeInstanceId));
        Assert.Equal([40192L, 19968L, 9856L, 9856L], migs.Select(m => m.MemoryMiB));
        Assert.Equal("MIG-fa6e0000-0009-5000-8000-000000002000", migs[2].Uuid);
        Assert.All(migs, m => Assert.Equal((source.Devices[0].Uuid, source.Devices[0].Minor), (m.ParentUuid, m.ParentMinor)));
        Assert.Equal("MIG-GPU-fa6e0000-0000-4000-8000-000000001000/9/0", migs[2].LegacyUuid);
    }

    [Fact]
    public void MigDevices_MigModeWithoutInstancesOrMigOff_ListsNothingForThoseGpus()
    {
        using var source = FakeNvml.Open("mig");

        Assert.DoesNotContain(source.MigDevices, m => m.ParentIndex != 0);
        Assert.Equal([true, true, false, false], Enumerable.Range(0, 4).Select(source.IsMigEnabled));
    }

    [Fact]
    public void IsMigEnabled_LayoutReadNoOlderThanMaxAge_AnswersFromItWithoutNvmlCall()
    {
        using var source = FakeNvml.Open("mig", time: new FakeTimeProvider());
        _ = source.MigDevices;
        FakeNvml.ResetCallCount();

        var modes = Enumerable.Range(0, 4).Select(source.IsMigEnabled).ToList();

        // What the CDI spec asks every second for every GPU, beside the layout it has just read.
        Assert.Equal([true, true, false, false], modes);
        Assert.Equal(0UL, FakeNvml.CallCount);
    }

    [Fact]
    public void MigDevices_UnchangedClock_NotReadAgainUntilMaxAgePasses()
    {
        File.WriteAllText(ControlFile, "0 0 9 0 1g.10gb\n");
        var time = new FakeTimeProvider();
        using var source = FakeNvml.Open("mig", migFile: ControlFile, time: time);
        var before = source.MigDevices;
        File.WriteAllText(ControlFile, "0 0 2 0 3g.40gb\n0 1 10 0 1g.10gb\n");
        FakeNvml.ResetCallCount();

        Assert.Same(before, source.MigDevices);
        Assert.Equal(0UL, FakeNvml.CallCount);

        time.Advance(IGpuSource.MigLayoutMaxAge);
        Assert.Equal([2u, 10u], source.MigDevices.Select(m => m.GpuInstanceId));
        Assert.NotEqual(0UL, FakeNvml.CallCount);
    }

    [Fact]
    public void GetStatus_GpuInMigMode_UtilisationIsUnknownNotZero()
    {
        using var source = FakeNvml.Open("mig");

        Assert.Equal(GpuUtilization.Unknown, source.GetStatus(0).Utilization);
        Assert.NotEqual(GpuUtilization.Unknown, source.GetStatus(2).Utilization);
    }

    [Fact]
    public void GetMigStatus_LiveInstance_ReportsItsMemory()
    {
        using var source = FakeNvml.Open("mig");

        var status = source.GetMigStatus(source.MigDevices[0]);

        Assert.Equal(new MigStatus { MemoryUsedMiB = 66, MemoryTotalMiB = 40192 }, status with { Processes = [] });
    }

    [Fact]
    public void MigDevices_LayoutRewritten_FollowsItAndForgetsDestroyedInstances()
    {
        File.WriteAllText(ControlFile, "0 0 9 0 1g.10gb\n0 1 10 0 1g.10gb\n");
        using var source = FakeNvml.Open("mig", migFile: ControlFile);
        var before = source.MigDevices;
        Assert.Equal([9u, 10u], before.Select(m => m.GpuInstanceId));

        // Slot 0 now holds another instance: the handle NVML gives for it describes GI 2.
        File.WriteAllText(ControlFile, "0 0 2 0 3g.40gb\n1 0 7 0 1g.10gb\n");
        var after = WaitForChange(source, before);

        Assert.Equal(["0:0 3g.40gb", "1:0 1g.10gb"], after.Select(m => $"{m.Name} {m.Profile}"));
        Assert.Equal(MigStatus.Unknown, source.GetMigStatus(before[0]));
        Assert.Equal(MigStatus.Unknown, source.GetMigStatus(before[1]));
        Assert.Equal(40192, source.GetMigStatus(after[0]).MemoryTotalMiB);
    }

    [Fact]
    public void GetDeviceByUuid_LegacyAndCurrentMigUuid_FindTheSameInstance()
    {
        using var source = FakeNvml.Open("mig");
        var mig = source.MigDevices[1];

        var current = NvmlSystem.GetDeviceByUuid(mig.Uuid);
        var legacy = NvmlSystem.GetDeviceByUuid(mig.LegacyUuid);

        Assert.NotNull(current);
        Assert.NotNull(legacy);
        Assert.Equal(mig.GpuInstanceId, legacy.Value.GetGpuInstanceId());
        Assert.True(legacy.Value.IsMigDeviceHandle());
        Assert.Equal(mig.Uuid, legacy.Value.GetUuid());
        Assert.Null(NvmlSystem.GetDeviceByUuid("MIG-00000000-0000-0000-0000-000000000000"));
    }

    [Fact]
    public void GetParentDevice_MigHandle_IsTheParentGpu()
    {
        using var source = FakeNvml.Open("mig");

        var mig = NvmlSystem.GetDeviceByUuid(source.MigDevices[0].Uuid)!.Value;

        Assert.Equal(source.Devices[0].Uuid, mig.GetParentDevice()!.Value.GetUuid());
        Assert.False(NvmlSystem.GetDeviceByIndex(0).IsMigDeviceHandle());
    }

    private static IReadOnlyList<MigDevice> WaitForChange(NvmlGpuSource source, IReadOnlyList<MigDevice> before)
    {
        // The source re-reads the layout once its last read is older than MigLayoutMaxAge.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var now = source.MigDevices;
            if (!ReferenceEquals(now, before))
            {
                return now;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("the MIG layout never changed");
    }
}
