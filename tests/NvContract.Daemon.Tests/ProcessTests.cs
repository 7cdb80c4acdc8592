using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NvContract.Daemon.Tests;

/// <summary>The built executable, run as a user would: exit codes, stdout/stderr, log lines, signals.</summary>
public sealed class ProcessTests : IDisposable
{
    /// <summary>The plugin socket and volumes of this test, kept out of /run/docker/plugins.</summary>
    private readonly string _scratch = Directory.CreateTempSubdirectory("nvc-process-").FullName;

    private static readonly string DaemonDll = Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.dll");

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
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    public async Task Signal_StopsGracefullyWithV1LogLines(string signal)
    {
        var port = FreePort();
        using var process = Start("--simulate", "legacy-mixed", "-l", $"127.0.0.1:{port}");
        var stderr = process.StandardError.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            Assert.Contains("Tesla K80", await RetryAsync(() => http.GetStringAsync("/gpu/info")));
        }

        Assert.Equal(0, Kill(process.Id, signal == "SIGTERM" ? 15 : 2));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^nvidia-docker-plugin \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d ", ""))
            .ToArray();
        Assert.Equal(
            [
                "Loading simulated GPUs from legacy-mixed", "Discovering GPU devices", $"Provisioning volumes at {_scratch}/volumes",
                $"Serving plugin API at {_scratch}/plugins", $"Serving remote API at 127.0.0.1:{port}", "Successfully terminated",
            ],
            lines);
        Assert.False(File.Exists($"{_scratch}/plugins/nvidia-docker.sock"));
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stdout, await stderr);
    }

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(DaemonDll);

        // Keep the plugin socket and volumes in a private folder, not in /run/docker/plugins.
        foreach (var arg in (string[])["-s", $"{_scratch}/plugins", "-d", $"{_scratch}/volumes", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still shutting down may be removing its socket at the same moment.
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
