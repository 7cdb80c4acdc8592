using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NvContract.Plugin.Tests.Support;

/// <summary>Sends a request byte for byte over a unix socket or TCP and reads one HTTP/1.1 reply.</summary>
public static class RawHttp
{
    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Docker's plugin request, exactly: empty Host, no Content-Type, Accept v1.2, body JSON + newline.</summary>
    public static string DockerRequest(string path, string? json, string accept = UnixSocketHttp.DockerAccept, string method = "POST")
    {
        var body = json is null ? string.Empty : json + "\n";
        return $"{method} {path} HTTP/1.1\r\nHost: \r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nAccept: {accept}\r\nAccept-Encoding: gzip\r\n\r\n{body}";
    }

    public static Task<Reply> SendAsync(string socketPath, string request) => SendAsync(new UnixDomainSocketEndPoint(socketPath), request);

    public static async Task<Reply> SendAsync(EndPoint endpoint, string request)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));

        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException(head.ToString());
            }

            head.Append((char)b);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        // A reply to HEAD announces its length but carries no body.
        var body = request.StartsWith("HEAD ", StringComparison.Ordinal) ? []
            : headers.TryGetValue("Content-Length", out var length)
            ? await ReadExactlyAsync(stream, int.Parse(length))
            : headers.TryGetValue("Transfer-Encoding", out var te) && te == "chunked" ? await ReadChunkedAsync(stream) : [];
        return new Reply(status, headers, Encoding.UTF8.GetString(body));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = ReadLine(stream);
            var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
            if (size == 0)
            {
                ReadLine(stream);
                return body.ToArray();
            }

            body.Write(await ReadExactlyAsync(stream, size));
            ReadLine(stream);
        }
    }

    private static string ReadLine(Stream stream)
    {
        var line = new StringBuilder();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n')
        {
            if (b != '\r')
            {
                line.Append((char)b);
            }
        }

        return line.ToString();
    }
}
