using System.Diagnostics;
using System.Text;
using NvContract.Core.Simulation;
using NvContract.Testing;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// The built daemon (simulated GPUs, <c>--device-plugin-dir</c>) against a kubelet stand-in
/// outside the .NET stack: tests/kubelet-standin/kubelet.py on Debian's grpcio, with stubs that
/// protoc compiles from the same contract at test time.
/// </summary>
public sealed class PythonKubeletTests : IDisposable
{
    private static readonly string StandIn = Path.Join(AppContext.BaseDirectory, "kubelet-standin");

    private readonly DaemonLauncher _launcher = new("nvc-k8s-");

    public void Dispose() => _launcher.Dispose();

    [PythonGrpcFact]
    public async Task PythonKubelet_RegistersListsPrefersAndAllocates()
    {
        var pluginDir = Directory.CreateDirectory(Path.Join(_launcher.Scratch, "device-plugins")).FullName;
        var profile = Path.Join(_launcher.Scratch, "profile.json");
        await File.WriteAllTextAsync(profile, FourGpuProfile);
        using var kubelet = Process.Start(new ProcessStartInfo(PythonGrpcFactAttribute.Python)
        {
            ArgumentList =
            {
                Path.Join(StandIn, "kubelet.py"), "--dir", pluginDir, "--proto-root", StandIn,
                "--devices", string.Join(',', Enumerable.Range(0, 4).Select(Uuid)),
                "--numa", "0,0,1,1",
                "--preferred", $"{Uuid(2)},{Uuid(3)}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kubelet.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        kubelet.BeginOutputReadLine();
        var errors = kubelet.StandardError.ReadToEndAsync();
        await Task.WhenAny(ready.Task, kubelet.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        if (!ready.Task.IsCompleted)
        {
            Assert.Fail($"the stand-in did not start: {await errors}");
        }

        var devRoot = StandInNodes(Enumerable.Range(0, 4).Select(i => $"/dev/nvidia{i}"));
        using var daemon = _launcher.Start(new Dictionary<string, string>(), "--simulate", profile, "-l", "127.0.0.1:0", "--device-plugin-dir", pluginDir, "--dev-root", devRoot);
        var daemonLog = daemon.StandardError.ReadToEndAsync();
        var daemonOut = daemon.StandardOutput.ReadToEndAsync();
        await kubelet.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Signals.Send(daemon.Id, Signals.Terminate);
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        string seen;
        lock (output)
        {
            seen = output.ToString();
        }

        Assert.True(kubelet.ExitCode == 0, $"stand-in:\n{seen}{await errors}\ndaemon ({daemon.ExitCode}):\n{await daemonLog}{await daemonOut}");
        Assert.Contains("PASS", seen, StringComparison.Ordinal);
        Assert.Contains($"Registered device plugin nvidia.com/gpu with the kubelet at {Path.Join(pluginDir, "kubelet.sock")}", await daemonLog, StringComparison.Ordinal);
    }

    /// <summary>Mixed MIG strategy on the hgx-h100-mig profile: the 1g.10gb instances of GPUs 0 and 1 are their own resource.</summary>
    [PythonGrpcFact]
    public async Task PythonKubelet_MixedMigStrategy_SeesTheProfileResource()
    {
        var pluginDir = Directory.CreateDirectory(Path.Join(_launcher.Scratch, "device-plugins")).FullName;
        string[] small = ["MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e03", "MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e04", .. Enumerable.Range(7, 7).Select(k => $"MIG-7a2b3c4d-1b2c-5d3e-8f4a-5b6c7d8e9f{k:00}")];
        using var kubelet = Process.Start(new ProcessStartInfo(PythonGrpcFactAttribute.Python)
        {
            ArgumentList =
            {
                Path.Join(StandIn, "kubelet.py"), "--dir", pluginDir, "--proto-root", StandIn,
                "--resource", "nvidia.com/mig-1g.10gb",
                "--devices", string.Join(',', small),
                "--numa", string.Join(',', small.Select(_ => "0")),
                "--preferred", $"{small[0]},{small[1]}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        kubelet.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        kubelet.BeginOutputReadLine();
        var errors = kubelet.StandardError.ReadToEndAsync();
        await Task.WhenAny(ready.Task, kubelet.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        if (!ready.Task.IsCompleted)
        {
            Assert.Fail($"the stand-in did not start: {await errors}");
        }

        // The simulated host's nodes and MIG access capabilities, which the plugin checks as the CDI spec does.
        using var simulated = SimulatedGpuSource.Open("hgx-h100-mig");
        var devRoot = StandInNodes(simulated.Devices.Select(d => d.Path));
        var procRoot = Path.Join(_launcher.Scratch, "proc");
        MigStandIns.Write(simulated.MigDevices, procRoot, devRoot);
        using var daemon = _launcher.Start(
            new Dictionary<string, string>(),
            "--simulate", "hgx-h100-mig", "-l", "127.0.0.1:0", "--device-plugin-dir", pluginDir, "--mig-strategy", "mixed", "--dev-root", devRoot, "--proc-root", procRoot);
        var daemonLog = daemon.StandardError.ReadToEndAsync();
        var daemonOut = daemon.StandardOutput.ReadToEndAsync();
        await kubelet.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Signals.Send(daemon.Id, Signals.Terminate);
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        string seen;
        lock (output)
        {
            seen = output.ToString();
        }

        Assert.True(kubelet.ExitCode == 0, $"stand-in:\n{seen}{await errors}\ndaemon ({daemon.ExitCode}):\n{await daemonLog}{await daemonOut}");
        Assert.Contains("PASS", seen, StringComparison.Ordinal);
        Assert.Contains($"Registered device plugin nvidia.com/mig-1g.10gb with the kubelet at {Path.Join(pluginDir, "kubelet.sock")}", await daemonLog, StringComparison.Ordinal);
    }

    private static string Uuid(int index) => FakeTopology.Uuid(index);

    /// <summary>A device root with an empty file for each of <paramref name="nodes"/>.</summary>
    private string StandInNodes(IEnumerable<string> nodes)
    {
        var root = Path.Join(_launcher.Scratch, "dev-root");
        Directory.CreateDirectory(Path.Join(root, "dev"));
        foreach (var node in nodes)
        {
            File.WriteAllText(Path.Join(root, node), string.Empty);
        }

        return root;
    }

    /// <summary>The topology of <see cref="FakeTopology.BestPairIsTwoAndThree"/> as a simulation profile.</summary>
    private static string FourGpuProfile => $$"""
        {
          "description": "Four GPUs whose best-linked pair is 2 and 3.",
          "driverVersion": "550.54.15",
          "cudaVersion": "12.4",
          "models": {
            "a100": {
              "name": "NVIDIA A100-PCIE-40GB", "powerLimitWatts": 250, "computeCapability": "8.0", "multiprocessors": 108,
              "pcieGeneration": 4, "pcieWidth": 16, "bar1MiB": 65536, "maxClocks": { "coresMHz": 1410, "memoryMHz": 1215 },
              "memory": { "ecc": true, "globalMiB": 40960, "sharedKiB": 164, "constantKiB": 64, "l2CacheKiB": 40960, "busWidthBits": 5120 }
            }
          },
          "gpus": [
            {{Gpu(0, 0)}},
            {{Gpu(1, 0)}},
            {{Gpu(2, 1)}},
            {{Gpu(3, 1)}}
          ],
          "peers": [
            { "gpus": [0, 1], "link": "HostBridge" },
            { "gpus": [2, 3], "link": "SameBoard" },
            { "gpus": [0, 2], "link": "CrossCpu" },
            { "gpus": [0, 3], "link": "CrossCpu" },
            { "gpus": [1, 2], "link": "CrossCpu" },
            { "gpus": [1, 3], "link": "CrossCpu" }
          ]
        }
        """;

    private static string Gpu(int index, int numa) => $$"""
        {
          "model": "a100", "uuid": "{{Uuid(index)}}", "minor": {{index}}, "busId": "{{FakeTopology.BusId(index)}}", "numaNode": {{numa}},
          "status": {
            "powerWatts": 87, "temperatureC": 39, "utilization": { "gpu": 0, "memory": 0, "encoder": 0, "decoder": 0 },
            "memoryUsedMiB": 0, "eccErrors": { "l1Cache": 0, "l2Cache": 0, "global": 0 }, "clocks": { "coresMHz": 1410, "memoryMHz": 1215 },
            "bar1UsedMiB": 4, "throughput": { "rxMBs": 0, "txMBs": 0 }, "processes": []
          }
        }
        """;
}
