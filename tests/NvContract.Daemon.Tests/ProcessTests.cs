using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The built executable, run as a user would: exit codes, stdout/stderr, log lines, signals.</summary>
public sealed class ProcessTests : IDisposable
{
    /// <summary>The plugin socket and volumes of this test, kept out of /run/docker/plugins.</summary>
    private readonly DaemonLauncher _launcher = new("nvc-process-");

    [Fact]
    public async Task Version_PrintsAndExits0()
    {
        var (code, stdout, _) = await RunToEndAsync("-v");
        Assert.Equal(0, code);
        Assert.Matches(@"^NVIDIA Docker plugin: \d+\.\d+\.\d+\n$", stdout);
    }

    [Fact]
    public async Task BadFlag_Exits2WithUsageOnStderr()
    {
        var (code, stdout, stderr) = await RunToEndAsync("-bogus");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("flag provided but not defined: -bogus\nUsage of nvidia-docker-plugin:\n", stderr);
    }

    [Fact]
    public async Task NoNvmlNoSimulation_Exits1NamingTheFix()
    {
        var (code, _, stderr) = await RunToEndAsync("--nvml-library", "/nonexistent/libnvidia-ml.so.1", "-l", "127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Matches(@"nvidia-docker-plugin \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d Error: .*--simulate", stderr);
    }

    [Fact]
    public async Task BadProfile_Exits1WithReason()
    {
        var (code, _, stderr) = await RunToEndAsync("--simulate", "/nonexistent/profile.json", "-l", "127.0.0.1:0");
        Assert.Equal(1, code);
        Assert.Contains("Error: simulation profile '/nonexistent/profile.json' not found", stderr);
    }

    [Fact]
    public async Task PortInUse_Exits1WithGoStyleBindError()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        var (code, _, stderr) = await RunToEndAsync("--simulate", "-l", $"127.0.0.1:{port}");
        Assert.Equal(1, code);
        Assert.Contains($"Serving remote API at 127.0.0.1:{port}", stderr);
        Assert.Contains($"Error: listen tcp 127.0.0.1:{port}: bind: address already in use", stderr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VolumesInsideADriverFolder_Exits1WithOneErrorNamingBoth(bool throughSymlink)
    {
        using var root = FakeDriverRoot.WithDriver("550.54.15");
        var lib = root.Host(FakeDriverRoot.Lib64);
        var link = Path.Join(_launcher.Scratch, "link");
        Directory.CreateSymbolicLink(link, lib);
        var volumes = throughSymlink ? $"{link}/vols" : $"{lib}/vols";

        var (code, _, stderr) = await RunToEndAsync("--simulate", "-l", "127.0.0.1:0", "--driver-root", root.Root, "-d", volumes);

        Assert.Equal(1, code);
        var really = throughSymlink ? $" (really {lib}/vols)" : string.Empty;
        var error = Assert.Single(stderr.Split('\n'), l => l.Contains(" Error: ", StringComparison.Ordinal));
        Assert.Contains($" Error: -d {volumes}{really} is inside the driver folder {lib}, where the NVIDIA installer ", error);
        Assert.False(Directory.Exists($"{lib}/vols"));
        Assert.False(File.Exists($"{_launcher.Scratch}/plugins/nvidia-docker.sock"));
    }

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    public async Task Signal_StopsGracefullyWithV1LogLines(string signal)
    {
        var port = Loopback.FreePort();
        using var process = Start("--simulate", "legacy-mixed", "-l", $"127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            Assert.Contains("Tesla K80", await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info")));
        }

        Assert.Equal(0, Signals.Send(process.Id, signal == "SIGTERM" ? Signals.Terminate : Signals.Interrupt));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^nvidia-docker-plugin \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d ", ""))
            .ToArray();
        Assert.Equal(
            [
                "Loading simulated GPUs from legacy-mixed", "Discovering GPU devices", $"Provisioning volumes at {_launcher.Scratch}/volumes",
                $"Serving plugin API at {_launcher.Scratch}/plugins", $"Serving remote API at 127.0.0.1:{port}", "Successfully terminated",
            ],
            lines);
        Assert.False(File.Exists($"{_launcher.Scratch}/plugins/nvidia-docker.sock"));
    }

    [Fact]
    public async Task Signal_AsSoonAsThePortAccepts_StillStopsGracefully()
    {
        // A service manager may stop the daemon the moment it listens, before any request.
        var port = Loopback.FreePort();
        using var process = Start("--simulate", "-l", $"127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();
        for (var attempt = 0; !Accepts(port); attempt++)
        {
            Assert.True(attempt < 2000, "the daemon never listened");
            await Task.Delay(5);
        }

        Assert.Equal(0, Signals.Send(process.Id, Signals.Interrupt));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith(" Successfully terminated", (await stderr).TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public async Task Sigint_StartedWithSigintIgnored_StillStopsGracefully()
    {
        // A shell starts background jobs with SIGINT ignored; v1 (Go's signal.Notify) still stopped on it.
        var port = Loopback.FreePort();
        using var process = _launcher.Start(new Dictionary<string, string>(), ["env", "--ignore-signal=INT"], "--simulate", "-l", $"127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info"));
        }

        Assert.Equal(0, Signals.Send(process.Id, Signals.Interrupt));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith(" Successfully terminated", (await stderr).TrimEnd('\n').Split('\n')[^1]);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout, await stderr);
    }

    private Process Start(params string[] args) => _launcher.Start(new Dictionary<string, string>(), args);

    public void Dispose() => _launcher.Dispose();
}
