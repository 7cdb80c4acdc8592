using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using NvContract.Client;
using Refit;

namespace NvContract.Samples.Fleet;

/// <summary>
/// Asks every daemon at once; a slow or dead host costs at most its timeout and fails alone. A
/// failure names its kind first: <c>certificate:</c> (TLS refused, either side),
/// <c>token:</c> (401), <c>unreachable:</c> (no connection), then the detail.
/// </summary>
public static class FleetQuery
{
    /// <param name="credentials">What every host is asked with (CA bundle, client certificate, token).</param>
    /// <param name="tls">Whether a <c>host:port</c> without a scheme uses TLS.</param>
    public static Task<HostReport[]> QueryAsync(IEnumerable<string> addresses, NvContractConnection credentials, bool tls, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.WhenAll(addresses.Select(a => QueryHostAsync(a, credentials, tls, timeout, cancellationToken)));

    private static async Task<HostReport> QueryHostAsync(string address, NvContractConnection credentials, bool tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // The socket layer reports a missing socket file as "Cannot assign requested address".
            if (DaemonAddress.UnixSocketPath(address) is { } socket && !File.Exists(socket))
            {
                return HostReport.Failed(address, $"unreachable: no socket at {socket}");
            }

            var client = DaemonAddress.Connect(address, credentials, tls);
            var info = client.GetGpuInfoJson(deadline.Token);
            var status = client.GetGpuStatusJson(deadline.Token);
            await Task.WhenAll(info, status);
            return HostReport.Answered(address, await info, await status);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HostReport.Failed(address, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (ApiRequestException e) when (Find<AuthenticationException>(e) is not null)
        {
            return HostReport.Failed(address, "certificate: the daemon's certificate does not chain to ca.pem, has expired or does not name this host");
        }
        catch (ApiRequestException e) when (IsTls(address, tls) && Find<SocketException>(e) is null)
        {
            // The handshake passed on this side, then the daemon closed the connection: TLS 1.3
            // tells a client that its certificate was refused only after the handshake.
            return HostReport.Failed(address, $"certificate: the daemon refused this client's certificate (none, expired or from another CA): {Innermost(e).Message}");
        }
        catch (ApiRequestException e)
        {
            // No answer at all: the innermost error names the cause (connection refused, no such file).
            return HostReport.Failed(address, $"unreachable: {Innermost(e).Message}");
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            return HostReport.Failed(address, $"token: HTTP 401, {(e.Headers.WwwAuthenticate.ToString().Contains("invalid_token", StringComparison.Ordinal) ? "the daemon does not know NV_AUTH_TOKEN" : "the daemon wants a token (NV_AUTH_TOKEN)")}");
        }
        catch (ApiException e)
        {
            return HostReport.Failed(address, $"HTTP {(int)e.StatusCode}: {e.Content?.Trim()}");
        }
        catch (Exception e) when (e is UriFormatException or SocketException or NvContractConnectionException)
        {
            return HostReport.Failed(address, e.Message);
        }
    }

    private static bool IsTls(string address, bool tls) =>
        DaemonAddress.UnixSocketPath(address) is null && NvContractConnection.ParseAddress(address, tls).Scheme == Uri.UriSchemeHttps;

    private static T? Find<T>(Exception? e)
        where T : Exception =>
        e is null ? null : e as T ?? Find<T>(e.InnerException);

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
