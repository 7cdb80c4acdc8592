using System.Diagnostics;
using System.Text.Json.Nodes;
using NvContract.Testing;

namespace NvContract.Daemon.Tests.Cdi;

/// <summary>The built executable keeping a CDI spec, and writing one with --cdi-generate.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CdiDaemonTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-cdi-");
    private readonly CdiTestHost _host = new();

    private string CdiDir => Path.Join(_launcher.Scratch, "cdi");

    private string SpecPath => Path.Join(CdiDir, "nvidia-docker-plugin.nvidia.com-gpu.json");

    [Fact]
    public async Task Daemon_Start_WritesTheSpecThatCdiGenerateWrites()
    {
        using var daemon = StartDaemon();
        await WaitForAsync(() => File.Exists(SpecPath), daemon);

        var (code, stdout, stderr) = await RunToEndAsync([.. _host.Flags, "--cdi-generate", "-"]);

        Assert.True(code == 0, stderr);
        Assert.Equal(stdout, await File.ReadAllTextAsync(SpecPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(SpecPath));
        var spec = JsonNode.Parse(stdout)!;
        Assert.Equal("0.5.0", spec["cdiVersion"]!.GetValue<string>());
        Assert.Equal(["0", "1", "GPU-6a1b2c3d", "GPU-6a1b2c3e", "all"], spec["devices"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Daemon_DriverUpgrade_SpecNamesOnlyTheNewLibraries()
    {
        using var daemon = StartDaemon();
        await WaitForAsync(() => File.Exists(SpecPath), daemon);
        Assert.Contains("libcuda.so.375.26", await File.ReadAllTextAsync(SpecPath));

        _host.Upgrade("375.39");

        await WaitForAsync(() => File.ReadAllText(SpecPath).Contains("libcuda.so.375.39", StringComparison.Ordinal), daemon);
        Assert.DoesNotContain("375.26", await File.ReadAllTextAsync(SpecPath));
    }

    [Fact]
    public async Task Daemon_Sigterm_RemovesTheSpec()
    {
        using var daemon = StartDaemon();
        var stderr = daemon.StandardError.ReadToEndAsync();
        await WaitForAsync(() => File.Exists(SpecPath), daemon);

        Assert.Equal(0, Signals.Send(daemon.Id, Signals.Terminate));
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, daemon.ExitCode);
        Assert.False(File.Exists(SpecPath));
        Assert.Contains($"Removed CDI spec {SpecPath}", await stderr);
    }

    [Fact]
    public async Task Daemon_AnotherSpecOfTheKind_OneErrorAndServesOn()
    {
        Directory.CreateDirectory(CdiDir);
        var other = Path.Join(CdiDir, "nvidia.yaml");
        await File.WriteAllTextAsync(other, "---\ncdiVersion: 0.5.0\nkind: nvidia.com/gpu\ndevices: []\n");
        var port = Loopback.FreePort();
        using var daemon = StartDaemon("-l", $"127.0.0.1:{port}");
        var stderr = daemon.StandardError.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            Assert.Contains("Tesla K80", await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info")));
            await Task.Delay(CdiRefreshInterval * 2);
        }

        Signals.Send(daemon.Id, Signals.Terminate);
        var errors = (await stderr).Split('\n').Where(l => l.Contains("Error:", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains($"{other} already defines nvidia.com/gpu devices", error);
        Assert.Contains("--cdi-kind", error);
        Assert.False(File.Exists(SpecPath));
    }

    [Fact]
    public async Task Daemon_UnwritableCdiDir_ErrorAndServesOn()
    {
        var notAFolder = Path.Join(_launcher.Scratch, "file");
        await File.WriteAllTextAsync(notAFolder, "a file where the folder should be");
        var port = Loopback.FreePort();
        using var daemon = _launcher.Start(new Dictionary<string, string>(), [.. _host.Flags, "--cdi-dir", notAFolder, "-l", $"127.0.0.1:{port}"]);
        var stderr = daemon.StandardError.ReadToEndAsync();
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
        {
            Assert.Contains("Tesla K80", await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info")));
        }

        Signals.Send(daemon.Id, Signals.Terminate);
        Assert.Contains($"Error: cannot write the CDI spec {notAFolder}/nvidia-docker-plugin.nvidia.com-gpu.json", await stderr);
    }

    [Fact]
    public async Task Daemon_PinnedVersionBelowTheFields_Exits1()
    {
        var (code, _, stderr) = await RunToEndAsync([.. _host.Flags, "--cdi-dir", CdiDir, "--cdi-version", "0.4.0", "-l", "127.0.0.1:0"]);

        Assert.Equal(1, code);
        Assert.Contains("Error: the CDI spec needs cdiVersion 0.5.0 for device names that start with a digit (0) and device nodes with a hostPath", stderr);
        Assert.False(File.Exists(SpecPath));
    }

    [Fact]
    public async Task CdiGenerate_File_WrittenWithMode0644()
    {
        var target = Path.Join(_launcher.Scratch, "out", "gpus.json");

        var (code, stdout, stderr) = await RunToEndAsync([.. _host.Flags, "--cdi-generate", target]);

        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        Assert.Equal("nvidia.com/gpu", JsonNode.Parse(await File.ReadAllTextAsync(target))!["kind"]!.GetValue<string>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(target));
    }

    [Fact]
    public async Task CdiGenerate_AnotherSpecOfTheKindBeside_Exits1()
    {
        Directory.CreateDirectory(CdiDir);
        await File.WriteAllTextAsync(Path.Join(CdiDir, "nvidia.yaml"), "kind: nvidia.com/gpu\n");

        var (code, _, stderr) = await RunToEndAsync([.. _host.Flags, "--cdi-generate", SpecPath]);

        Assert.Equal(1, code);
        Assert.Contains($"Error: not writing {SpecPath}: {CdiDir}/nvidia.yaml already defines nvidia.com/gpu devices", stderr);
        Assert.False(File.Exists(SpecPath));
    }

    [Fact]
    public async Task CdiGenerate_AnotherKind_NamesItsDevices()
    {
        var (code, stdout, stderr) = await RunToEndAsync([.. _host.Flags, "--cdi-kind", "example.com/accel", "--cdi-generate", "-"]);

        Assert.True(code == 0, stderr);
        Assert.Equal("example.com/accel", JsonNode.Parse(stdout)!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task CdiHook_UnknownHook_WarnsAndExits0()
    {
        // A runtime runs the hook with no flags before its name.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[DaemonLauncher.DaemonDll, "cdi-hook", "create-symlinks"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("cdi-hook: unknown hook create-symlinks, ignored", stderr);
    }

    public void Dispose()
    {
        _launcher.Dispose();
        _host.Dispose();
    }

    private static TimeSpan CdiRefreshInterval => Hosting.CdiRefresh.Interval;

    private Process StartDaemon(params string[] args) =>
        _launcher.Start(new Dictionary<string, string>(), [.. _host.Flags, "--cdi-dir", CdiDir, "-l", "127.0.0.1:0", .. args]);

    private async Task<(int Code, string Stdout, string Stderr)> RunToEndAsync(string[] args)
    {
        using var process = _launcher.Start(new Dictionary<string, string>(), args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (the daemon refreshes its spec every second).</summary>
    private static async Task WaitForAsync(Func<bool> condition, Process daemon)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.False(daemon.HasExited, "the daemon exited");
            Assert.True(DateTime.UtcNow < deadline, "not in time");
            await Task.Delay(100);
        }
    }
}
