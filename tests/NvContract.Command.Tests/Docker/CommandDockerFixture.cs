using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.Command.Tests.Docker;

/// <summary>
/// The daemon in simulation mode over a fake driver root and stand-in device nodes, registered with
/// the engine as the <c>nvidia-docker</c> volume plugin, and two labelled images made from the
/// engine's busybox image (no registry needed).
/// </summary>
public sealed class CommandDockerFixture : IAsyncLifetime
{
    public const string Profile = "legacy-mixed";
    public const string Busybox = "local/busybox:1";
    public const string LabelledImage = "local/nvidia-docker-labelled:1";
    public const string FutureCudaImage = "local/nvidia-docker-future-cuda:1";

    private DockerPluginRegistration? _registration;
    private TempFolder? _folder;
    private FakeDriverRoot? _root;
    private Process? _daemon;
    private readonly StringBuilder _log = new();
    private bool _wroteSpec;

    public string Version { get; } = SimulationProfiles.Load(Profile).DriverVersion;

    public string Host => DockerFactAttribute.Host!;

    /// <summary>NV_HOST for the command.</summary>
    public string DaemonAddress { get; private set; } = "";

    /// <summary>The daemon's /v1.0/gpu/info/json.</summary>
    public JsonElement GpuInfo { get; private set; }

    public string DevRoot => _folder!.Combine("devroot");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public (int ExitCode, string Output, string Error) Command(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        CommandProcess.Run(environment.ContainsKey("NV_HOST") ? environment : new Dictionary<string, string>(environment) { ["NV_HOST"] = DaemonAddress }, ["-H", Host, .. arguments]);

    public (int ExitCode, string Output) Docker(params string[] arguments) => Tool.TryRun("docker", ["-H", Host, .. arguments]);

    public async Task InitializeAsync()
    {
        if (DockerFactAttribute.Host is null)
        {
            return;
        }

        _registration = await DockerPluginRegistration.AcquireAsync(TimeSpan.FromMinutes(10));
        if (File.Exists(DockerPluginRegistration.SpecFile) && !DockerPluginRegistration.IsTestRegistration(Host))
        {
            return;
        }

        _folder = new TempFolder();
        _root = FakeDriverRoot.WithDriver(Version);
        MakeDeviceNodes();
        var socketDirectory = DockerPluginRegistration.SocketDirectory(Host);
        Directory.CreateDirectory(Path.GetDirectoryName(DockerPluginRegistration.SpecFile)!);
        File.WriteAllText(DockerPluginRegistration.SpecFile, $"unix://{socketDirectory}/nvidia-docker.sock\n");
        _wroteSpec = true;

        var port = Loopback.FreePort();
        _daemon = Process.Start(DaemonLauncher.StartInfo(
        [
            "--simulate", Profile, "-l", $"127.0.0.1:{port}", "-s", socketDirectory, "-d", _folder.Combine("volumes"),
            "--driver-root", _root.Root, "--dev-root", DevRoot,
        ]))!;
        _daemon.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();
        DaemonAddress = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(DaemonAddress) };
        GpuInfo = await Retry.HttpAsync(() => http.GetFromJsonAsync<JsonElement>("/v1.0/gpu/info/json"));

        var cuda = GpuInfo.GetProperty("Version").GetProperty("CUDA").GetString()!;
        MakeImage(LabelledImage, "com.nvidia.volumes.needed=nvidia_driver", $"com.nvidia.cuda.version={cuda}");
        MakeImage(FutureCudaImage, "com.nvidia.volumes.needed=nvidia_driver", "com.nvidia.cuda.version=99.0.1");
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            Docker("image", "rm", "-f", LabelledImage, FutureCudaImage);
            Docker("volume", "rm", "-f", $"nvidia_driver_{Version}");
            if (!_daemon.HasExited)
            {
                Signals.Send(_daemon.Id, Signals.Terminate);
                await _daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }

            _daemon.Dispose();
        }

        if (_wroteSpec)
        {
            File.Delete(DockerPluginRegistration.SpecFile);
        }

        _root?.Dispose();
        _folder?.Dispose();
        _registration?.Dispose();
    }

    private void MakeImage(string name, params string[] labels)
    {
        var container = Tool.Run("docker", "-H", Host, "create", Busybox, "true").Trim();
        try
        {
            Tool.Run("docker", ["-H", Host, "commit", .. labels.SelectMany(l => new[] { "--change", $"LABEL {l}" }), container, name], null);
        }
        finally
        {
            Tool.Run("docker", "-H", Host, "rm", container);
        }
    }

    /// <summary>Stand-ins for the driver's nodes: major 195 is NVIDIA's, nvidia-uvm's is dynamic.</summary>
    private void MakeDeviceNodes()
    {
        Directory.CreateDirectory(Path.Join(DevRoot, "dev"));
        Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, "dev/nvidiactl"), "c", "195", "255");
        Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, "dev/nvidia-uvm"), "c", "238", "0");
        foreach (var gpu in SimulationProfiles.Load(Profile).Gpus)
        {
            Tool.Run("mknod", "-m", "666", Path.Join(DevRoot, $"dev/nvidia{gpu.Minor}"), "c", "195", gpu.Minor.ToString(CultureInfo.InvariantCulture));
        }
    }
}
