using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Answers a request whose target is <c>*</c> with 400 and closes the connection, as v1 answered
/// it. Kestrel refuses <c>*</c> with any method but OPTIONS on its own, with an empty 405, before
/// the application sees the request; so this runs on the connection, in front of Kestrel's HTTP
/// parser, and looks at the first request line of each connection. A later request of a kept-alive
/// connection that targets <c>*</c> is answered by <see cref="GoServeMux.BeforeRouting"/> (OPTIONS)
/// or by Kestrel (any other method).
/// </summary>
public static class AsteriskTarget
{
    // Enough for any method and " * "; a longer start is an ordinary request (or Kestrel's 400).
    private const int LongestStart = 32;

    private static readonly byte[] BadRequest =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    /// <summary>Adds the check to every endpoint Kestrel listens on from now on.</summary>
    public static void Refuse(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => RunAsync(connection, next)));

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed);
            var buffer = result.Buffer;
            var start = buffer.Slice(0, Math.Min(buffer.Length, LongestStart)).ToArray();
            var verdict = Inspect(start);
            if (verdict is null && !result.IsCompleted && buffer.Length < LongestStart)
            {
                // Nothing taken, everything seen: the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            // Nothing taken or seen: Kestrel reads the same bytes again.
            input.AdvanceTo(buffer.Start);
            if (verdict is true)
            {
                await connection.Transport.Output.WriteAsync(BadRequest, connection.ConnectionClosed);
                await connection.Transport.Output.CompleteAsync();
                return;
            }

            break;
        }

        await next(connection);
    }

    /// <summary>True for "METHOD * ...", false for anything else, null when more bytes are needed.</summary>
    internal static bool? Inspect(ReadOnlySpan<byte> start)
    {
        var space = start.IndexOf((byte)' ');
        if (space < 0)
        {
            return start.Length >= LongestStart ? false : null;
        }

        var target = start[(space + 1)..];
        if (target.Length < 2)
        {
            return target.Length == 1 && target[0] != (byte)'*' ? false : null;
        }

        return target[0] == (byte)'*' && target[1] == (byte)' ';
    }
}
