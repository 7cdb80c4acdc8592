using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace NvContract.Daemon.Security;

/// <summary>
/// A plain HTTP request on the TLS port gets a readable answer, as Go's server gives it (and
/// Docker's daemon with it), instead of a failed handshake that clients report as garbage:
/// <c>400 Bad Request</c>, "Client sent an HTTP request to an HTTPS server.", then the connection
/// closes. A TLS connection starts with a handshake record (byte 0x16); a request starts with
/// its method in capital letters. The first bytes are only looked at, so TLS reads them again.
/// </summary>
public static class PlaintextOnTlsPort
{
    public const string Answer = "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";

    private static readonly byte[] AnswerBytes = Encoding.ASCII.GetBytes(Answer);

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(RejectionAudit audit) => next => async connection =>
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed);
        var buffer = read.Buffer;
        var looksLikeHttp = !buffer.IsEmpty && buffer.FirstSpan[0] is >= (byte)'A' and <= (byte)'Z';

        // Nothing consumed, nothing examined: the next read returns the same bytes at once.
        input.AdvanceTo(buffer.Start);
        if (!looksLikeHttp)
        {
            await next(connection);
            return;
        }

        audit.Rejected((connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address, RejectionReason.PlaintextOnTlsPort);

        // Take what the client sent, so closing the socket does not reset it before the answer is read.
        read = await input.ReadAsync(connection.ConnectionClosed);
        input.AdvanceTo(read.Buffer.End);
        await connection.Transport.Output.WriteAsync(AnswerBytes, connection.ConnectionClosed);
        await connection.Transport.Output.CompleteAsync();
    };
}
