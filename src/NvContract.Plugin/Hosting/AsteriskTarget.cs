using System.Buffers;
using System.IO.Pipelines;
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
/// <remarks>
/// Kestrel's own timeouts start only when its parser reads, so the first read here has a bound of
/// its own, Kestrel's <c>RequestHeadersTimeout</c>: a client that connects and sends nothing is
/// closed then, as Kestrel closes one that sends half a request, instead of holding a connection
/// until the cap. A connection that starts with a TLS handshake record (0x16, never the first byte
/// of a request) goes on at once: its bytes are encrypted and no request line can be seen in them.
/// </remarks>
public static class AsteriskTarget
{
    // Enough for any method and " * "; a longer start is an ordinary request (or Kestrel's 400).
    private const int LongestStart = 32;

    // The content type of a TLS handshake record, a ClientHello's first byte.
    private const byte TlsHandshakeRecord = 0x16;

    private static readonly byte[] BadRequest =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    /// <summary>Adds the check to every endpoint Kestrel listens on from now on.</summary>
    public static void Refuse(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => RunAsync(connection, next, kestrel.Limits.RequestHeadersTimeout)));

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next, TimeSpan timeout)
    {
        var input = connection.Transport.Input;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        idle.CancelAfter(timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested)
            {
                // Silent too long (or gone): returning closes the connection.
                return;
            }

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
        if (!start.IsEmpty && start[0] == TlsHandshakeRecord)
        {
            return false;
        }

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
