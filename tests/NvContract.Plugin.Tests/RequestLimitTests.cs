using System.Text;
using NvContract.Plugin.Hosting;
using NvContract.Plugin.Tests.Support;

namespace NvContract.Plugin.Tests;

/// <summary>Size limits on the plugin socket: bodies, headers and volume names, over a real unix socket.</summary>
public class RequestLimitTests
{
    private const string Name = "nvidia_driver_" + PluginHost.Version;
    private const string TooLargeReply = "{\"Err\":\"request body too large: over 65536 bytes\"}\n";

    /// <summary>A Create body for the running version, padded in an ignored option to exactly <paramref name="bytes"/> with its newline.</summary>
    private static string PaddedCreate(int bytes)
    {
        var json = $"{{\"Name\":\"{Name}\",\"Opts\":{{\"pad\":\"\"}}}}";
        return json.Insert(json.Length - 3, new string('x', bytes - json.Length - 1));
    }

    [Fact]
    public async Task Create_BodyOfExactlyTheLimit_Served()
    {
        await using var host = await PluginHost.StartAsync();
        var json = PaddedCreate(PluginLimits.MaxBodyBytes);

        var reply = await host.SendAsync("/VolumeDriver.Create", json);

        Assert.Equal(PluginLimits.MaxBodyBytes, Encoding.UTF8.GetByteCount(json + "\n"));
        Assert.Equal((200, "{\"Err\":null}\n"), (reply.Status, reply.Body));
        Assert.True(Directory.Exists(host.Mountpoint()));
    }

    [Fact]
    public async Task Create_BodyOneByteOverTheLimit_413ErrLoggedAndNothingCreated()
    {
        await using var host = await PluginHost.StartAsync();

        var reply = await host.SendAsync("/VolumeDriver.Create", PaddedCreate(PluginLimits.MaxBodyBytes + 1));

        Assert.Equal((413, TooLargeReply), (reply.Status, reply.Body));
        Assert.Equal("application/vnd.docker.plugins.v1+json", reply.Headers["Content-Type"]);
        Assert.Contains("Refused /VolumeDriver.Create: request body too large: over 65536 bytes", host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, l => l.StartsWith("Received create request", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
    }

    [Fact]
    public async Task Create_ChunkedBodyOverTheLimit_413AndNothingCreated()
    {
        await using var host = await PluginHost.StartAsync();
        var json = PaddedCreate(PluginLimits.MaxBodyBytes + 1);
        var chunks = new StringBuilder();
        for (var at = 0; at < json.Length; at += 4096)
        {
            var chunk = json.Substring(at, Math.Min(4096, json.Length - at));
            chunks.Append($"{chunk.Length:x}\r\n{chunk}\r\n");
        }

        var request = "POST /VolumeDriver.Create HTTP/1.1\r\nHost: \r\nTransfer-Encoding: chunked\r\n"
            + $"Accept: {UnixSocketHttp.DockerAccept}\r\n\r\n{chunks}1\r\n\n\r\n0\r\n\r\n";
        var reply = await RawHttp.SendAsync(host.SocketPath, request);

        Assert.Equal((413, TooLargeReply), (reply.Status, reply.Body));
        Assert.False(Directory.Exists(Path.Join(host.Options.VolumesDirectory, "nvidia_driver")));
    }

    [Fact]
    public async Task Activate_HeadersOverTheLimit_431()
    {
        await using var host = await PluginHost.StartAsync();
        var request = RawHttp.DockerRequest("/Plugin.Activate", null)
            .Replace("Accept-Encoding: gzip\r\n", $"Accept-Encoding: gzip\r\nX-Pad: {new string('x', PluginLimits.MaxHeaderBytes)}\r\n", StringComparison.Ordinal);

        var reply = await RawHttp.SendAsync(host.SocketPath, request);

        Assert.Equal(431, reply.Status);
        Assert.DoesNotContain("Received activate request", host.Logs.Lines);
    }

    [Theory]
    [InlineData("/VolumeDriver.Create", "Received create request for volume")]
    [InlineData("/VolumeDriver.Remove", "Received remove request for volume")]
    [InlineData("/VolumeDriver.Mount", "Received mount request for volume")]
    [InlineData("/VolumeDriver.Unmount", "Received unmount request for volume")]
    [InlineData("/VolumeDriver.Get", null)]
    public async Task Operation_NameOver255Bytes_ErrAndLogShowOnlyItsStart(string path, string? logged)
    {
        await using var host = await PluginHost.StartAsync();
        var name = "nvidia_driver_" + new string('1', 60_000);
        var shown = $"nvidia_driver_{new string('1', 50)}…(60014 bytes)";

        var reply = await host.SendAsync(path, $"{{\"Name\":\"{name}\"}}");

        Assert.Equal(200, reply.Status);
        Assert.Contains($"\"Err\":\"volume name too long (over 255 bytes): {shown}\"", reply.Body);
        Assert.True(reply.Body.Length < 200, reply.Body);
        Assert.All(host.Logs.Lines, l => Assert.True(l.Length < 200, l));
        if (logged is not null)
        {
            Assert.Contains($"{logged} '{shown}'", host.Logs.Lines);
        }
    }

    [Fact]
    public async Task CreateAndList_SymlinkedVolumesFolder_ErrNamingIt()
    {
        await using var host = await PluginHost.StartAsync();
        using var elsewhere = new NvContract.Testing.TempFolder();
        Directory.CreateDirectory(host.Options.VolumesDirectory);
        var folder = Path.Join(host.Options.VolumesDirectory, "nvidia_driver");
        Directory.CreateSymbolicLink(folder, elsewhere.Path);

        var create = await host.SendAsync("/VolumeDriver.Create", $"{{\"Name\":\"{Name}\"}}");
        var list = await host.SendAsync("/VolumeDriver.List", "{}");

        Assert.Equal($"{{\"Err\":\"{folder} is a symlink, not a folder: refusing to use it\"}}\n", create.Body);
        Assert.Equal($"{{\"Volumes\":null,\"Err\":\"{folder} is a symlink, not a folder: refusing to use it\"}}\n", list.Body);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere.Path));
    }
}
