using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using NvContract.Plugin.Tests.Support;

namespace NvContract.Plugin.Tests;

public class PluginServerTests
{
    [Fact]
    public async Task StartAsync_MissingSocketFolder_CreatedOwnerOnly()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(host.Options.SocketDirectory));
        Assert.Equal(Path.Join(host.Options.SocketDirectory, "nvidia-docker.sock"), host.SocketPath);
    }

    [Fact]
    public async Task StartAsync_StaleSocketFile_ReplacedAndServing()
    {
        await using var host = await PluginHost.StartAsync(folder =>
        {
            Directory.CreateDirectory(folder.Combine("plugins"));
            File.WriteAllText(folder.Combine("plugins/nvidia-docker.sock"), "stale");
        });

        Assert.Equal(200, (await host.SendAsync("/Plugin.Activate", null)).Status);
    }

    [Fact]
    public async Task StopAsync_Running_RemovesTheSocket()
    {
        var host = await PluginHost.StartAsync();
        var socket = host.SocketPath;
        Assert.True(File.Exists(socket));

        await host.App.StopAsync();

        Assert.False(File.Exists(socket));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Build_LogsV1StartupLinesInOrder()
    {
        await using var host = await PluginHost.StartAsync();

        Assert.Equal(
            [$"Provisioning volumes at {host.Options.VolumesDirectory}", $"Serving plugin API at {host.Options.SocketDirectory}"],
            host.Logs.Lines.Where(l => l.StartsWith("Provisioning", StringComparison.Ordinal) || l.StartsWith("Serving", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Build_UnfinishedBuildLeftByACrash_IsRemoved()
    {
        await using var host = await PluginHost.StartAsync(folder =>
            Directory.CreateDirectory(folder.Combine("volumes/nvidia_driver/.tmp-550.54.15-deadbeef/lib64")));

        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
        Assert.Equal("{\"Volumes\":null,\"Err\":null}\n", (await host.SendAsync("/VolumeDriver.List", "{}")).Body);
    }

    [Fact]
    public async Task OtherMvcHost_WithThePluginAssembly_DoesNotServePluginRoutes()
    {
        // A TCP host as the REST API builds it: MVC's default discovery, plugin assembly included.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddControllers().ConfigureApplicationPartManager(m => m.ApplicationParts.Add(new AssemblyPart(typeof(PluginServer).Assembly)));
        await using var app = builder.Build();
        app.MapControllers();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Plugin.Activate");
        request.Headers.Add("Accept", UnixSocketHttp.DockerAccept);

        using var reply = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        await app.StopAsync();
    }
}
