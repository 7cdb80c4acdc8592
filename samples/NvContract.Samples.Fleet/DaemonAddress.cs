using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>A daemon to ask: <c>http://host:port</c>, <c>host:port</c> or <c>unix:PATH</c>.</summary>
public static class DaemonAddress
{
    public static INvContractApi Connect(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return NvContractClient.CreateForUnixSocket(address["unix:".Length..]);
        }

        var uri = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        return NvContractClient.Create(new Uri(uri));
    }
}
