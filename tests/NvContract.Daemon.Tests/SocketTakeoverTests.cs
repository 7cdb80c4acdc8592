using System.Diagnostics;
using System.Net.Http.Headers;
using NvContract.Client;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// The built executable never takes over or deletes a socket file it did not make: a second daemon
/// on the same plugin folder, or a REST socket path held by a regular file, fails to start and
/// leaves the file alone; a socket no one answers on (left by a killed daemon) is replaced.
/// </summary>
public sealed class SocketTakeoverTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-takeover-");

    private string PluginSocket => Path.Join(_launcher.Scratch, "plugins", "nvidia-docker.sock");

    [Fact]
    public async Task SecondDaemon_SamePluginFolder_Exits1AndTheFirstKeepsServing()
    {
        var port = Loopback.FreePort();
        using var first = Start("-l", $"127.0.0.1:{port}");
        var firstLog = first.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info"));

        using var second = Start("-l", $"127.0.0.1:{Loopback.FreePort()}");
        var secondLog = second.StandardError.ReadToEndAsync();
        await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, second.ExitCode);
        Assert.EndsWith($" Error: listen unix {PluginSocket}: bind: address already in use", (await secondLog).TrimEnd('\n').Split('\n')[^1]);
        Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", await ActivateAsync());

        Assert.Equal(0, Signals.Send(first.Id, Signals.Terminate));
        await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, first.ExitCode);
        Assert.False(File.Exists(PluginSocket), "the first daemon left its socket behind");
        Assert.DoesNotContain("Error", await firstLog);
    }

    [Fact]
    public async Task RestSocketPath_IsARegularFile_Exits1AndTheFileIsIntact()
    {
        var path = Path.Join(_launcher.Scratch, "api.sock");
        await File.WriteAllTextAsync(path, "precious");

        using var daemon = Start("-l", $"unix:{path}");
        var log = daemon.StandardError.ReadToEndAsync();
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, daemon.ExitCode);
        Assert.EndsWith($" Error: listen unix {path}: bind: address already in use", (await log).TrimEnd('\n').Split('\n')[^1]);
        Assert.Equal("precious", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task StaleSockets_LeftByAKilledDaemon_AreReplaced()
    {
        var rest = Path.Join(_launcher.Scratch, "api.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(PluginSocket)!);
        StaleSocket.Create(PluginSocket);
        StaleSocket.Create(rest);

        using var daemon = Start("-l", $"unix:{rest}");
        var log = daemon.StandardError.ReadToEndAsync();

        using var http = new HttpClient(NvContractClient.UnixSocketHandler(rest)) { BaseAddress = new Uri("http://localhost") };
        Assert.Contains("Tesla K80", await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info")));
        Assert.Equal("{\"Implements\":[\"VolumeDriver\"]}\n", await ActivateAsync());
        Assert.Equal(0, Signals.Send(daemon.Id, Signals.Terminate));
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, daemon.ExitCode);
        Assert.DoesNotContain("Error", await log);
    }

    /// <summary>Docker's first request to a plugin, on the plugin socket.</summary>
    private async Task<string> ActivateAsync()
    {
        using var plugin = new HttpClient(NvContractClient.UnixSocketHandler(PluginSocket)) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Plugin.Activate");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.plugins.v1.2+json"));
        using var response = await plugin.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private Process Start(params string[] args) => _launcher.Start(new Dictionary<string, string>(), ["--simulate", "legacy-mixed", .. args]);

    public void Dispose() => _launcher.Dispose();
}
