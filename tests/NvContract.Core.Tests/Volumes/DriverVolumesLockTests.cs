using NvContract.Core.Volumes;

namespace NvContract.Core.Tests.Volumes;

/// <summary>The per-version lock table holds only versions that are locked or waited for.</summary>
public class DriverVolumesLockTests
{
    private const string Name = "nvidia_driver_" + DriverVolumesFixture.Version;

    [Fact]
    public async Task RemoveAndGet_ManyUniqueNames_LeaveTheLockTableEmpty()
    {
        using var f = new DriverVolumesFixture();
        await f.Volumes.CreateAsync(Name);

        for (var i = 0; i < 2000; i++)
        {
            await f.Volumes.RemoveAsync($"nvidia_driver_1.{i}");
            Assert.Throws<VolumeNotFoundException>(() => f.Volumes.GetMountpoint($"nvidia_driver_2.{i}"));
            await Assert.ThrowsAsync<VolumeVersionMismatchException>(() => f.Volumes.CreateAsync($"nvidia_driver_3.{i}"));
        }

        Assert.Equal(0, f.Volumes.LockCount);
        Assert.True(Directory.Exists(f.Mountpoint()));
    }

    [Fact]
    public async Task CreateAsync_WhileBuilding_HoldsOneEntryAndDropsItAfter()
    {
        var during = new List<int>();
        DriverVolumesFixture? fixture = null;
        using var f = fixture = new DriverVolumesFixture(link: (s, d) =>
        {
            during.Add(fixture!.Volumes.LockCount);
            File.Copy(s, d);
            return 0;
        });

        await f.Volumes.CreateAsync(Name);

        Assert.NotEmpty(during);
        Assert.All(during, count => Assert.Equal(1, count));
        Assert.Equal(0, f.Volumes.LockCount);
    }

    [Fact]
    public async Task RemoveAsync_CancelledWhileWaitingForABuild_LeavesNoEntry()
    {
        using var building = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        using var f = new DriverVolumesFixture(link: (s, d) =>
        {
            building.Set();
            finish.Wait();
            File.Copy(s, d);
            return 0;
        });
        var create = Task.Run(() => f.Volumes.CreateAsync(Name));
        building.Wait();
        using var cancel = new CancellationTokenSource();

        var remove = f.Volumes.RemoveAsync(Name, cancel.Token);
        var whileWaiting = f.Volumes.LockCount;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => remove);
        finish.Set();
        await create;

        Assert.Equal(1, whileWaiting);
        Assert.Equal(0, f.Volumes.LockCount);
        Assert.True(Directory.Exists(f.Mountpoint()));
    }
}
