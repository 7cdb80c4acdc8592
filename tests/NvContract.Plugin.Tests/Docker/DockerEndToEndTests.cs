using System.Text.Json;

namespace NvContract.Plugin.Tests.Docker;

/// <summary>The plugin driven by a real Docker engine, as nvidia-docker v1 users drove it.</summary>
[Trait("Category", "Docker")]
public sealed class DockerEndToEndTests(DockerPluginFixture fixture) : IClassFixture<DockerPluginFixture>
{
    private const string Driver = "nvidia-docker";

    [DockerFact]
    public async Task VolumeCreateRunAndRemove_DriverFilesVisibleInTheContainer()
    {
        var name = $"nvidia_driver_{fixture.Version}";
        var mountpoint = Path.Join(fixture.VolumesDirectory, "nvidia_driver", fixture.Version);
        var cli = await fixture.Rest!.GetStringAsync("/v1.0/docker/cli?dev=0");
        Assert.Contains($"--volume-driver={Driver} --volume={name}:/usr/local/nvidia:ro", cli);

        var created = DockerCli.RunOk("volume", "create", "-d", Driver, name);
        var listed = DockerCli.RunOk("volume", "ls");
        var inspected = JsonDocument.Parse(DockerCli.RunOk("volume", "inspect", name)).RootElement[0];
        var run = DockerCli.RunOk(
        [
            "run", "--rm", .. cli.Split(' '), "local/busybox:1",
            "sh", "-c", "ls -l /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/local/nvidia/bin /dev/nvidia1 /dev/nvidiactl",
        ]);
        var removed = DockerCli.RunOk("volume", "rm", name);

        Assert.Equal(name, created.Trim());
        Assert.Contains(listed.Split('\n'), l => l.StartsWith(Driver, StringComparison.Ordinal) && l.TrimEnd().EndsWith(name, StringComparison.Ordinal));
        Assert.Equal(Driver, inspected.GetProperty("Driver").GetString());
        Assert.Equal(mountpoint, inspected.GetProperty("Mountpoint").GetString());
        Assert.Contains($"libcuda.so.1 -> libcuda.so.{fixture.Version}", run);
        Assert.Contains($"libcuda.so -> libcuda.so.{fixture.Version}", run);
        Assert.Contains($"libGLX_indirect.so.0 -> libGLX_nvidia.so.{fixture.Version}", run);
        Assert.Contains($"libnvidia-ml.so.{fixture.Version}", run);
        Assert.Contains("nvidia-smi", run);
        Assert.Matches(@"c[rw-]{9}\s+1 \S+\s+\S+\s+195,\s+1 .*/dev/nvidia1", run);
        Assert.Equal(name, removed.Trim());
        Assert.False(Directory.Exists(mountpoint));
        foreach (var request in new[] { "create", "mount", "unmount", "remove" })
        {
            Assert.Contains($"Received {request} request for volume '{name}'", fixture.Daemon!.Log);
        }
    }

    [DockerFact]
    public void VolumeCreate_BadNames_DockerShowsV1Errors()
    {
        var (dotsCode, dots) = DockerCli.Run("volume", "create", "-d", Driver, "nvidia_driver_..");
        var (oldCode, old) = DockerCli.Run("volume", "create", "-d", Driver, "nvidia_driver_1.0");

        Assert.NotEqual(0, dotsCode);
        Assert.Contains("bad volume format: nvidia_driver_..", dots);
        Assert.NotEqual(0, oldCode);
        Assert.Contains("invalid volume version: nvidia_driver_1.0", old);
        Assert.False(Directory.Exists(Path.Join(fixture.VolumesDirectory, "nvidia_driver", "1.0")));
    }

    [DockerFact]
    public void Run_VolumeNotCreatedYet_DockerCreatesItThroughThePlugin()
    {
        var name = $"nvidia_driver_{fixture.Version}";

        var run = DockerCli.RunOk("run", "--rm", $"--volume-driver={Driver}", $"--volume={name}:/usr/local/nvidia:ro", "local/busybox:1", "ls", "/usr/local/nvidia/lib64");
        DockerCli.RunOk("volume", "rm", name);

        Assert.Contains($"libcuda.so.{fixture.Version}", run);
    }
}
