using System.Globalization;
using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>
/// <c>nvcontract-fleet [--timeout SECONDS] [--cert-path DIR] ADDRESS...</c>: exit 0 when every host
/// answered, 1 when some did not (they are in the table all the same), 2 on bad usage or
/// unusable credentials. TLS and the token come from the environment, as
/// <see cref="NvContractConnection.FromEnvironment()"/> reads it; <c>--cert-path</c> names the
/// certificate folder and verifies every daemon against its <c>ca.pem</c>.
/// </summary>
public static class FleetCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const string Usage = "usage: nvcontract-fleet [--timeout SECONDS] [--cert-path DIR] ADDRESS...\n" +
        "  ADDRESS: https://host:port, http://host:port, host:port or unix:PATH (a daemon started with -l unix:PATH)\n" +
        "  --cert-path DIR: ca.pem, cert.pem and key.pem for daemons started with --tlsverify (also NV_CERT_PATH with NV_TLS_VERIFY=1)\n" +
        "  NV_AUTH_TOKEN: the bearer token for daemons started with --auth-token-file\n";

    /// <param name="environment">Reads an environment variable; null reads the process's.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? certPath = null;
        var timeout = DefaultTimeout;
        var addresses = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--timeout")
            {
                if (i + 1 >= args.Length || !double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                {
                    await stderr.WriteAsync("--timeout needs a positive number of seconds\n" + Usage);
                    return 2;
                }

                timeout = TimeSpan.FromSeconds(seconds);
            }
            else if (args[i] == "--cert-path")
            {
                if (i + 1 >= args.Length)
                {
                    await stderr.WriteAsync("--cert-path needs a folder\n" + Usage);
                    return 2;
                }

                certPath = args[++i];
            }
            else if (args[i].StartsWith('-'))
            {
                await stderr.WriteAsync($"unknown option {args[i]}\n" + Usage);
                return 2;
            }
            else
            {
                addresses.Add(args[i]);
            }
        }

        if (addresses.Count == 0)
        {
            await stderr.WriteAsync(Usage);
            return 2;
        }

        NvContractConnection credentials;
        string? Variable(string name) => name switch
        {
            "NV_HOST" => null, // every host is named on the command line
            "NV_CERT_PATH" when certPath is not null => certPath,
            "NV_TLS_VERIFY" when certPath is not null => "1",
            _ => environment(name),
        };

        try
        {
            credentials = NvContractConnection.FromEnvironment(Variable);
        }
        catch (NvContractConnectionException e)
        {
            await stderr.WriteAsync($"nvcontract-fleet: {e.Message}\n");
            return 2;
        }

        var tls = credentials.Address.Scheme == Uri.UriSchemeHttps;
        var reports = await FleetQuery.QueryAsync(addresses, credentials, tls, timeout, cancellationToken);
        FleetTable.Write(reports, stdout);
        return reports.Any(r => r.Error is not null) ? 1 : 0;
    }
}
