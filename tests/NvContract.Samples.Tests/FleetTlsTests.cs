using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Daemon.Cli;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Security;
using NvContract.Samples.Fleet;
using NvContract.Testing;

namespace NvContract.Samples.Tests;

/// <summary>The fleet sample against TLS daemons: which hosts answered, and for the others why not.</summary>
public sealed class FleetTlsTests : IDisposable
{
    private const string Token = "fleet-token";

    private readonly TempFolder _folder = new();
    private readonly TestCertificates _ca = TestCertificates.CreateAuthority();

    [Fact]
    public async Task RunAsync_TlsHosts_AnswersAndOneClearReasonPerFailedHost()
    {
        await using var good = await StartAsync("good", _ca, verifyClientsWith: _ca);
        await using var wantsToken = await StartAsync("token", _ca, verifyClientsWith: _ca, tokens: "another-token\n");
        await using var strangeServer = await StartAsync("stranger", TestCertificates.CreateAuthority("Stranger CA"), verifyClientsWith: _ca);
        await using var otherClients = await StartAsync("other-clients", _ca, verifyClientsWith: TestCertificates.CreateAuthority("Other client CA"));
        var closed = $"127.0.0.1:{ClosedPort()}";
        var certs = _folder.Combine("client");
        _ca.WriteClientFolder(certs, _ca.IssueClient());

        var (code, table) = await RunAsync(["--cert-path", certs, Host(good), Host(wantsToken), Host(strangeServer), Host(otherClients), closed], Token);

        Assert.Equal(1, code);
        Assert.Equal(8, table.Count(r => r[0] == Host(good) && r[2] == "NVIDIA H100 80GB HBM3"));
        Assert.Equal("error: token: HTTP 401, the daemon does not know NV_AUTH_TOKEN", Error(table, wantsToken));
        Assert.StartsWith("error: certificate: the daemon's certificate does not chain to ca.pem", Error(table, strangeServer));
        Assert.StartsWith("error: certificate: the daemon refused this client's certificate", Error(table, otherClients));
        Assert.StartsWith("error: unreachable: Connection refused", Assert.Single(table, r => r[0] == closed)[2]);
    }

    [Fact]
    public async Task RunAsync_CertPathWithoutCa_Exits2WithOneLine()
    {
        var stderr = new StringWriter();

        var code = await FleetCommand.RunAsync(["--cert-path", _folder.Combine("empty"), "localhost:1"], new StringWriter(), stderr, CancellationToken.None, _ => null);

        Assert.Equal(2, code);
        Assert.Equal($"nvcontract-fleet: TLS verification needs the CA bundle {_folder.Combine("empty")}/ca.pem, which does not exist\n", stderr.ToString());
    }

    private async Task<SimulatedDaemon> StartAsync(string name, TestCertificates serverCa, TestCertificates verifyClientsWith, string? tokens = null)
    {
        var folder = _folder.Combine(name);
        Directory.CreateDirectory(folder);
        TestCertificates.Write(verifyClientsWith.Authority, Path.Join(folder, "ca.pem"));
        TestCertificates.Write(serverCa.IssueServer(), Path.Join(folder, "cert.pem"), Path.Join(folder, "key.pem"));
        string? tokenFile = null;
        if (tokens is not null)
        {
            tokenFile = Path.Join(folder, "tokens");
            File.WriteAllText(tokenFile, tokens);
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var options = new DaemonOptions { TlsVerify = true, TlsCaCert = Path.Join(folder, "ca.pem"), TlsCert = Path.Join(folder, "cert.pem"), TlsKey = Path.Join(folder, "key.pem"), AuthTokenFile = tokenFile };
        return await SimulatedDaemon.StartTcpAsync("dgx-h100", RemoteAccess.Load(options, ListenAddress.Parse("127.0.0.1:0"), NullLogger.Instance));
    }

    /// <summary>The daemon as <c>host:port</c>: TLS because the fleet verifies daemons.</summary>
    private static string Host(SimulatedDaemon daemon) => new Uri(daemon.Address).Authority;

    private static string Error(List<string[]> table, SimulatedDaemon daemon) => Assert.Single(table, r => r[0] == Host(daemon))[2];

    private static async Task<(int Code, List<string[]> Table)> RunAsync(string[] args, string token)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await FleetCommand.RunAsync(args, stdout, stderr, CancellationToken.None, name => name == "NV_AUTH_TOKEN" ? token : null);
        Assert.Equal("", stderr.ToString());
        return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Regex.Split(line, " {2,}")).ToList());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _folder.Dispose();
}
