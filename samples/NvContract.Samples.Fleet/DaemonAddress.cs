using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>
/// A daemon to ask: <c>http://host:port</c>, <c>https://host:port</c>, <c>host:port</c> or
/// <c>unix:PATH</c>, with the credentials every host of the fleet shares (CA bundle, client
/// certificate, token). A <c>host:port</c> uses TLS when the credentials verify daemons.
/// </summary>
public static class DaemonAddress
{
    private const string UnixScheme = "unix:";

    /// <param name="address">The host as given on the command line.</param>
    /// <param name="credentials">The fleet's connection; its address is replaced by <paramref name="address"/>.</param>
    /// <param name="tls">Whether a <c>host:port</c> without a scheme uses TLS.</param>
    public static INvContractApi Connect(string address, NvContractConnection credentials, bool tls) =>
        NvContractClient.Create(credentials with { Address = NvContractConnection.ParseAddress(address, tls) });

    /// <summary>The socket path of a <c>unix:PATH</c> address, else null.</summary>
    public static string? UnixSocketPath(string address) =>
        address.StartsWith(UnixScheme, StringComparison.Ordinal) ? address[UnixScheme.Length..] : null;
}
