using NvContract.Plugin.Tests.Support;

namespace NvContract.Plugin.Tests;

/// <summary>Docker's exact requests (empty Host, no Content-Type, Accept v1.2, JSON + newline) over a real unix socket.</summary>
public class DockerRequestTests
{
    private const string Name = "nvidia_driver_" + PluginHost.Version;
    private const string Reply = "application/vnd.docker.plugins.v1+json";

    public static TheoryData<string, string, string?, string> Replies => new()
    {
        { "activate, no body", "/Plugin.Activate", null, "{\"Implements\":[\"VolumeDriver\"]}\n" },
        { "capabilities", "/VolumeDriver.Capabilities", "{}", "{\"Capabilities\":{\"Scope\":\"local\"}}\n" },
        { "list, nothing yet", "/VolumeDriver.List", "{}", "{\"Volumes\":null,\"Err\":null}\n" },
        { "mount, missing", "/VolumeDriver.Mount", "{\"Name\":\"nvidia_driver_1.0\",\"ID\":\"ab\"}", "{\"Mountpoint\":null,\"Err\":\"no such volume: nvidia_driver_1.0\"}\n" },
        { "path, missing", "/VolumeDriver.Path", "{\"Name\":\"nvidia_driver_1.0\"}", "{\"Mountpoint\":null,\"Err\":\"no such volume: nvidia_driver_1.0\"}\n" },
        { "get, missing", "/VolumeDriver.Get", "{\"Name\":\"nvidia_driver_1.0\"}", "{\"Volume\":null,\"Err\":\"no such volume: nvidia_driver_1.0\"}\n" },
        { "create, bad name", "/VolumeDriver.Create", "{\"Name\":\"nvidia_driver_abc\",\"Opts\":{}}", "{\"Err\":\"bad volume format: nvidia_driver_abc\"}\n" },
        { "create, lower-case member like Go", "/VolumeDriver.Create", "{\"name\":\"foo_1\"}", "{\"Err\":\"unsupported volume: foo_1\"}\n" },
        { "remove, missing", "/VolumeDriver.Remove", "{\"Name\":\"nvidia_driver_1.0\"}", "{\"Err\":null}\n" },
        { "unmount", "/VolumeDriver.Unmount", "{\"Name\":\"nvidia_driver_1.0\",\"ID\":\"ab\"}", "{\"Err\":null}\n" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Post_DockerRequest_V1Reply(string description, string path, string? json, string expected)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync(path, json);

        Assert.True(200 == reply.Status, $"{description}: {reply.Status} {reply.Body}");
        Assert.Equal(Reply, reply.Headers["Content-Type"]);
        Assert.Equal(expected, reply.Body);
        Assert.False(reply.Headers.ContainsKey("Server"), "the web server names itself");
    }

    [Fact]
    public async Task Create_DockerRequest_BuildsAndListsTheVolume()
    {
        await using var host = await PluginHost.StartAsync();

        var create = await host.SendAsync("/VolumeDriver.Create", $"{{\"Name\":\"{Name}\",\"Opts\":null}}");
        var get = await host.SendAsync("/VolumeDriver.Get", $"{{\"Name\":\"{Name}\"}}");
        var list = await host.SendAsync("/VolumeDriver.List", "{}");

        Assert.Equal("{\"Err\":null}\n", create.Body);
        Assert.Equal($"{{\"Volume\":{{\"Name\":\"{Name}\",\"Mountpoint\":\"{host.Mountpoint()}\"}},\"Err\":null}}\n", get.Body);
        Assert.Equal($"{{\"Volumes\":[{{\"Name\":\"{Name}\",\"Mountpoint\":\"{host.Mountpoint()}\"}}],\"Err\":null}}\n", list.Body);
        Assert.True(File.Exists(Path.Join(host.Mountpoint(), "lib64", $"libcuda.so.{PluginHost.Version}")));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/json")]
    public async Task Create_AnyContentType_BodyDecodedAsJsonLikeV1(string contentType)
    {
        await using var host = await PluginHost.StartAsync();
        var request = RawHttp.DockerRequest("/VolumeDriver.Create", "{\"Name\":\"nvidia_driver_abc\"}")
            .Replace("Accept-Encoding: gzip\r\n", $"Accept-Encoding: gzip\r\nContent-Type: {contentType}\r\n", StringComparison.Ordinal);

        var reply = await RawHttp.SendAsync(host.SocketPath, request);

        Assert.Equal(200, reply.Status);
        Assert.Equal("{\"Err\":\"bad volume format: nvidia_driver_abc\"}\n", reply.Body);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.docker.plugins.v1+json")]
    [InlineData("application/vnd.docker.plugins.v1.3+json")]
    [InlineData("*/*")]
    public async Task Post_OtherAccept_406EmptyBodyAndLogged(string accept)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync("/VolumeDriver.Create", $"{{\"Name\":\"{Name}\"}}", accept);

        Assert.Equal(406, reply.Status);
        Assert.Equal(string.Empty, reply.Body);
        Assert.Contains($"Unsupported plugin API {accept}", host.Logs.Lines);
        Assert.False(Directory.Exists(host.Mountpoint()));
    }

    [Fact]
    public async Task Post_V11Accept_Accepted()
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync("/Plugin.Activate", null, "application/vnd.docker.plugins.v1.1+json");

        Assert.Equal(200, reply.Status);
    }

    [Theory]
    [InlineData("POST", "/VolumeDriver.Nope")]
    [InlineData("GET", "/VolumeDriver.List")]
    [InlineData("POST", "/v1.0/gpu/info/json")]
    [InlineData("GET", "/v1.0/docker/cli")]
    public async Task Request_NotAPluginRoute_404LikeGo(string method, string path)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync(path, method == "GET" ? null : "{}", method: method);

        Assert.Equal(404, reply.Status);
        Assert.Equal("404 page not found\n", reply.Body);
    }

    [Theory]
    [InlineData("{\"Name\":")]
    [InlineData("not json")]
    [InlineData(null)]
    public async Task Create_UndecodableBody_500AndErrorLogged(string? json)
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync("/VolumeDriver.Create", json);

        Assert.Equal(500, reply.Status);
        Assert.Equal("internal error, check logs for details\n", reply.Body);
        Assert.Equal("text/plain; charset=utf-8", reply.Headers["Content-Type"]);
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_BrokenDriverRoot_ErrNamesTheCauseAndNoVolumeLeft()
    {
        await using var host = await PluginHost.StartAsync();
        File.WriteAllText(host.Root.Host("/etc/ld.so.cache"), "definitely not a cache, but longer than sixteen bytes");

        var reply = await host.SendAsync("/VolumeDriver.Create", $"{{\"Name\":\"{Name}\"}}");

        Assert.Equal(200, reply.Status);
        Assert.Equal($"{{\"Err\":\"invalid ld.so.cache file: unknown format: {Name}\"}}\n", reply.Body);
        Assert.Contains(host.Logs.Lines, l => l.Contains($"Cannot create volume {Name}: invalid ld.so.cache file: unknown format", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
    }

    [Fact]
    public async Task Create_VolumesFolderUnusable_500AndErrorLogged()
    {
        await using var host = await PluginHost.StartAsync();
        File.WriteAllText(host.Options.VolumesDirectory, "a file where the volumes folder belongs");

        var reply = await host.SendAsync("/VolumeDriver.Create", $"{{\"Name\":\"{Name}\"}}");

        Assert.Equal(500, reply.Status);
        Assert.Equal("internal error, check logs for details\n", reply.Body);
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal));
    }
}
