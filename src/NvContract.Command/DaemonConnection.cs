using NvContract.Client;
using Refit;

namespace NvContract.Command;

/// <summary>
/// The one place this command creates its client for the daemon: the SDK's connection from the
/// environment (<c>NV_TLS_VERIFY</c>, <c>NV_CERT_PATH</c> or <c>DOCKER_CERT_PATH</c>,
/// <c>NV_AUTH_TOKEN</c>) at the address the command resolved.
/// </summary>
internal static class DaemonConnection
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <exception cref="CommandException">The certificate folder or the TLS settings are not usable.</exception>
    public static INvContractApi Create(DaemonAddress address)
    {
        NvContractConnection connection;
        try
        {
            // NV_HOST as resolved here (it may come from the engine's host), the rest as the SDK reads it.
            connection = NvContractConnection.FromEnvironment(name => name == "NV_HOST" ? address.Uri.ToString() : Environment.GetEnvironmentVariable(name));
        }
        catch (NvContractConnectionException e)
        {
            throw new CommandException(e.Message, e);
        }

        var http = new HttpClient(connection.CreateHandler()) { BaseAddress = connection.BaseAddress, Timeout = Timeout };

        // The SDK's own factory builds requests and serialises by reflection, which a native
        // executable does not have: the source-generated client with source-generated JSON.
        return RestService.ForGenerated<INvContractApi>(http, CommandJsonContext.Default);
    }
}
