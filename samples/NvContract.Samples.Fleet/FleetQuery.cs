using System.Net.Sockets;
using Refit;

namespace NvContract.Samples.Fleet;

/// <summary>Asks every daemon at once; a slow or dead host costs at most its timeout and fails alone.</summary>
public static class FleetQuery
{
    public static Task<HostReport[]> QueryAsync(IEnumerable<string> addresses, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.WhenAll(addresses.Select(a => QueryHostAsync(a, timeout, cancellationToken)));

    private static async Task<HostReport> QueryHostAsync(string address, TimeSpan timeout, CancellationToken cancellationToken)
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

            var client = DaemonAddress.Connect(address);
            var info = client.GetGpuInfoJson(deadline.Token);
            var status = client.GetGpuStatusJson(deadline.Token);
            await Task.WhenAll(info, status);
            return HostReport.Answered(address, await info, await status);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HostReport.Failed(address, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (ApiRequestException e)
        {
            // No answer at all: the innermost error names the cause (connection refused, no such file).
            return HostReport.Failed(address, $"unreachable: {Innermost(e).Message}");
        }
        catch (ApiException e)
        {
            return HostReport.Failed(address, $"HTTP {(int)e.StatusCode}: {e.Content?.Trim()}");
        }
        catch (Exception e) when (e is UriFormatException or SocketException)
        {
            return HostReport.Failed(address, e.Message);
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
