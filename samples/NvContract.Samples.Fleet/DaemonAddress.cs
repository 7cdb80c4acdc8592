using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>A daemon to ask: <c>http://host:port</c>, <c>host:port</c> or <c>unix:PATH</c>.</summary>
public static class DaemonAddress
{
    private const string UnixScheme = "unix:";

    public static INvContractApi Connect(string address)
    {
        if (UnixSocketPath(address) is { } socket)
        {
            return NvContractClient.CreateForUnixSocket(socket);
        }

        var uri = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        return NvContractClient.Create(new Uri(uri));
    }

    /// <summary>The socket path of a <c>unix:PATH</c> address, else null.</summary>
    public static string? UnixSocketPath(string address) =>
        address.StartsWith(UnixScheme, StringComparison.Ordinal) ? address[UnixScheme.Length..] : null;
}
