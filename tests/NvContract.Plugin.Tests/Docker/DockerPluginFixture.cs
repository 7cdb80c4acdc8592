using System.Net;
using System.Net.Sockets;
using NvContract.Core.Simulation;
using NvContract.Plugin.Tests.Support;
using NvContract.Testing;

namespace NvContract.Plugin.Tests.Docker;

/// <summary>
/// The daemon in simulation mode over a fake driver root (gcc-built libraries and binaries, an
/// <c>ldconfig -r</c> cache) and a device root of stand-in nodes, registered with Docker through
/// <c>/etc/docker/plugins/nvidia-docker.spec</c> (the name <c>/docker/cli</c> asks for).
/// </summary>
public sealed class DockerPluginFixture : IAsyncLifetime
{
    public const string SpecFile = "/etc/docker/plugins/nvidia-docker.spec";
    public const string Profile = "legacy-mixed";
    private DockerPluginRegistration? _registration;
    private TempFolder? _folder;
    private bool _wroteSpec;

    public string Version { get; } = SimulationProfiles.Load(Profile).DriverVersion;

    public FakeDriverRoot? Root { get; private set; }

    public DaemonProcess? Daemon { get; private set; }

    public HttpClient? Rest { get; private set; }

    public string VolumesDirectory => _folder!.Combine("volumes");

    /// <summary>
    /// Next to the engine's own socket, so it is the same on every run against that engine: Docker
    /// keeps a plugin's address once it has activated it.
    /// </summary>
    public string SocketDirectory => DockerFactAttribute.Host is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
        ? Path.Join(Path.GetDirectoryName(host["unix://".Length..]), "nvidia-docker-plugin")
        : _folder!.Combine("plugins");

    public string DevRoot => _folder!.Combine("devroot");

    public async Task InitializeAsync()
    {
        if (DockerFactAttribute.Host is not { } host)
        {
            return;
        }

        _registration = await DockerPluginRegistration.AcquireAsync(TimeSpan.FromMinutes(10));
        if (File.Exists(SpecFile) && !DockerPluginRegistration.IsTestRegistration(host))
        {
            return;
        }

        _folder = new TempFolder();
        Root = FakeDriverRoot.WithDriver(Version);
        MakeDeviceNodes();
        Directory.CreateDirectory(Path.GetDirectoryName(SpecFile)!);
        File.WriteAllText(SpecFile, $"unix://{SocketDirectory}/nvidia-docker.sock\n");
        _wroteSpec = true;

        var port = Loopback.FreePort();
        Daemon = DaemonProcess.Start(
            "--simulate", Profile, "-l", $"127.0.0.1:{port}", "-s", SocketDirectory, "-d", VolumesDirectory,
            "--driver-root", Root.Root, "--dev-root", DevRoot);
        await Daemon.WaitForLogAsync($"Serving remote API at 127.0.0.1:{port}", TimeSpan.FromSeconds(60));
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        Rest?.Dispose();
        if (Daemon is not null)
        {
            await Daemon.StopAsync();
            Daemon.Dispose();
        }

        if (_wroteSpec)
        {
            File.Delete(SpecFile);
        }

        Root?.Dispose();
        _folder?.Dispose();
        _registration?.Dispose();
    }

    /// <summary>Stand-ins for the driver's nodes: major 195 is NVIDIA's, nvidia-uvm's is dynamic.</summary>
    private void MakeDeviceNodes()
    {
        Directory.CreateDirectory(Path.Join(DevRoot, "dev"));
        Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, "dev/nvidiactl"), "c", "195", "255");
        Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, "dev/nvidia-uvm"), "c", "238", "0");
        foreach (var gpu in SimulationProfiles.Load(Profile).Gpus)
        {
            Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, $"dev/nvidia{gpu.Minor}"), "c", "195", gpu.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
