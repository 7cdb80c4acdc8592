using NvContract.Plugin.Tests.Client;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

namespace NvContract.Plugin.Tests;

/// <summary>The protocol through the client generated from spec/plugin-protocol.yaml.</summary>
public class PluginProtocolTests
{
    private const string Name = "nvidia_driver_" + PluginHost.Version;

    [Fact]
    public async Task Activate_Always_ImplementsVolumeDriverAndLogsV1Lines()
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.Client.ActivateAsync();

        Assert.Equal(["VolumeDriver"], reply.Implements);
        Assert.Contains("Received activate request", host.Logs.Lines);
        Assert.Contains("Plugins activated [VolumeDriver]", host.Logs.Lines);
    }

    [Fact]
    public async Task Capabilities_Always_ScopeLocal()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal("local", (await host.Client.CapabilitiesAsync()).Capabilities.Scope);
    }

    [Fact]
    public async Task Lifecycle_CreateGetMountPathListUnmountRemove_AllSucceed()
    {
        await using var host = await PluginHost.StartAsync();
        var c = host.Client;

        Assert.Null((await c.CreateAsync(new CreateRequest { Name = Name, Opts = new() { ["foo"] = "bar" } })).Err);
        var get = await c.GetAsync(new NameRequest { Name = Name });
        var mount = await c.MountAsync(new MountRequest { Name = Name, ID = new string('a', 64) });
        var path = await c.PathAsync(new NameRequest { Name = Name });
        var list = await c.ListAsync();
        var unmount = await c.UnmountAsync(new MountRequest { Name = Name, ID = new string('a', 64) });
        var remove = await c.RemoveAsync(new NameRequest { Name = Name });

        Assert.Equal((Name, host.Mountpoint(), (string?)null), (get.Volume!.Name, get.Volume.Mountpoint, get.Err));
        Assert.Equal((host.Mountpoint(), (string?)null), (mount.Mountpoint, mount.Err));
        Assert.Equal(host.Mountpoint(), path.Mountpoint);
        Assert.Equal([(Name, host.Mountpoint())], list.Volumes!.Select(v => (v!.Name, v.Mountpoint)));
        Assert.Null(unmount.Err);
        Assert.Null(remove.Err);
        Assert.False(Directory.Exists(host.Mountpoint()));
        Assert.Equal(
            [
                $"Received create request for volume '{Name}'", $"Received mount request for volume '{Name}'",
                $"Received mount request for volume '{Name}'", $"Received unmount request for volume '{Name}'",
                $"Received remove request for volume '{Name}'",
            ],
            host.Logs.Lines.Where(l => l.StartsWith("Received", StringComparison.Ordinal)));
    }

    public static TheoryData<string, string, string> CreateErrors => new()
    {
        { "no version", "nvidia_driver", "bad volume format: nvidia_driver" },
        { "path trick", "nvidia_driver_..", "bad volume format: nvidia_driver_.." },
        { "other volume", "nvidia_other_1.0", "unsupported volume: nvidia_other_1.0" },
        { "old driver", "nvidia_driver_375.26", "invalid volume version: nvidia_driver_375.26" },
    };

    [Theory]
    [MemberData(nameof(CreateErrors))]
    public async Task Create_BadName_ErrWithV1TextAndNothingCreated(string description, string name, string err)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.Client.CreateAsync(new CreateRequest { Name = name });

        Assert.True(err == reply.Err, $"{description}: {reply.Err}");
        Assert.False(Directory.Exists(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
    }

    [Fact]
    public async Task MountAndGet_Missing_NoSuchVolume()
    {
        await using var host = await PluginHost.StartAsync();

        var mount = await host.Client.MountAsync(new MountRequest { Name = "nvidia_driver_1.0" });
        var get = await host.Client.GetAsync(new NameRequest { Name = "nvidia_driver_1.0" });

        Assert.Equal((null, "no such volume: nvidia_driver_1.0"), (mount.Mountpoint, mount.Err));
        Assert.Equal((null, "no such volume: nvidia_driver_1.0"), (get.Volume, get.Err));
    }

    [Fact]
    public async Task Create_AfterDriverUpgrade_NewVersionWorksAndOldStaysMountable()
    {
        await using var host = await PluginHost.StartAsync();
        await host.Client.CreateAsync(new CreateRequest { Name = Name });

        host.Gpus.Driver = "560.28.03";
        var stale = await host.Client.CreateAsync(new CreateRequest { Name = Name + "0" });
        var created = await host.Client.CreateAsync(new CreateRequest { Name = "nvidia_driver_560.28.03" });
        var old = await host.Client.MountAsync(new MountRequest { Name = Name });

        Assert.Equal($"invalid volume version: {Name}0", stale.Err);
        Assert.Null(created.Err);
        Assert.Equal(host.Mountpoint(), old.Mountpoint);
        Assert.Equal(2, (await host.Client.ListAsync()).Volumes!.Count);
    }

    [Fact]
    public async Task Create_RequiredLibraryIsAFifo_ErrNamingItAtOnceAndRemoveStillAnswers()
    {
        await using var host = await PluginHost.StartAsync();
        var cuda = host.Root.Host($"{FakeDriverRoot.Lib64}/libcuda.so.{PluginHost.Version}");
        File.Delete(cuda);
        Tool.Run("mkfifo", cuda);

        // A FIFO opened for reading would block the build, and the volume's lock with it, for good.
        var create = await host.Client.CreateAsync(new CreateRequest { Name = Name }).WaitAsync(TimeSpan.FromSeconds(20));
        var remove = await host.Client.RemoveAsync(new NameRequest { Name = Name }).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal($"required library libcuda.so.1 is unusable: {cuda}: not a regular file (FIFO): {Name}", create.Err);
        Assert.Null(remove.Err);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
        Assert.Contains($"Cannot create volume {Name}: required library libcuda.so.1 is unusable: {cuda}: not a regular file (FIFO)", host.Logs.Lines);
    }

    [Fact]
    public async Task Unmount_BadName_ErrOnly()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal("bad volume format: x", (await host.Client.UnmountAsync(new MountRequest { Name = "x" })).Err);
    }

    [Fact]
    public async Task Remove_Missing_NoError()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Null((await host.Client.RemoveAsync(new NameRequest { Name = "nvidia_driver_9.9" })).Err);
    }
}
