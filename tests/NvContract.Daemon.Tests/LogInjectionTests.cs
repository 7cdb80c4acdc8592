using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>
/// Client text in the built executable's log: a volume name, a header value, a JSON property name
/// or a query value holding a newline, a journal priority or an escape sequence stays on its
/// event's one line, escaped.
/// </summary>
public sealed partial class LogInjectionTests : IDisposable
{
    private const string Forged = "\n<3>forged\u001b[2J\u2028";
    private const string Escaped = @"\n<3>forged\x1b[2J\u2028";

    private readonly DaemonLauncher _launcher = new("nvc-log-");

    [Fact]
    public async Task ClientText_WithControlCharacters_OneEscapedLinePerEvent()
    {
        var port = Loopback.FreePort();
        using var daemon = _launcher.Start(new Dictionary<string, string>(), "--simulate", "legacy-mixed", "-l", $"127.0.0.1:{port}");
        var stderr = daemon.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Retry.HttpAsync(() => http.GetStringAsync("/gpu/info"));
        var socket = Path.Join(_launcher.Scratch, "plugins", "nvidia-docker.sock");
        var name = "nvidia_driver_375.26" + Forged;

        await SendAsync(socket, Request("/VolumeDriver.Create", $"{{\"Name\":\"{Json(name)}\"}}"));
        await SendAsync(socket, Request("/VolumeDriver.Create", $"{{\"Name\":\"n\",\"Opts\":{{\"{Json("k" + Forged)}\":1}}}}"));
        await SendAsync(socket, Request("/Plugin.Activate", "", accept: "application/json\u001b[2J\tx"));
        await http.GetAsync($"/docker/cli?dev={Uri.EscapeDataString(Forged)}");
        Assert.Equal(0, Signals.Send(daemon.Id, Signals.Terminate));
        await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var lines = (await stderr).TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches(V1Line(), l));
        Assert.DoesNotContain('\u001b', await stderr);
        Assert.DoesNotContain('\u2028', await stderr);
        Assert.Contains(lines, l => l.EndsWith($" Received create request for volume 'nvidia_driver_375.26{Escaped}'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(@" Unsupported plugin API application/json\x1b[2J\tx", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" Error: failed to decode the request body: ", StringComparison.Ordinal) && l.Contains(Escaped, StringComparison.Ordinal));
        Assert.Equal("Successfully terminated", Regex.Replace(lines[^1], @"^.*? \| \S+ \S+ ", ""));
    }

    [GeneratedRegex(@"^nvidia-docker-plugin \| \d{4}/\d\d/\d\d \d\d:\d\d:\d\d [^\p{Cc}\u2028\u2029]*$")]
    private static partial Regex V1Line();

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];

    /// <summary>Docker's request, byte for byte (empty Host, no Content-Type), closing the connection after the reply.</summary>
    private static string Request(string path, string json, string accept = "application/vnd.docker.plugins.v1.2+json") =>
        $"POST {path} HTTP/1.1\r\nHost: \r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n{json}";

    private static async Task<string> SendAsync(string socketPath, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _launcher.Dispose();
}
