using NvContract.Client;
using Refit;

namespace NvContract.Command;

/// <summary>The one place this command creates its client for the daemon.</summary>
internal static class DaemonConnection
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static INvContractApi Create(DaemonAddress address)
    {
        var http = address.SocketPath is { } path
            ? new HttpClient(NvContractClient.UnixSocketHandler(path)) { BaseAddress = new Uri("http://localhost") }
            : new HttpClient { BaseAddress = address.Address };
        http.Timeout = Timeout;
        // The SDK's own factory builds requests and serialises by reflection, which a native
        // executable does not have: the source-generated client with source-generated JSON.
        return RestService.ForGenerated<INvContractApi>(http, CommandJsonContext.Default);
    }
}
