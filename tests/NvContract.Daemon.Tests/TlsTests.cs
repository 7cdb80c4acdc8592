using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NvContract.Client;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Security;
using NvContract.Testing;
using Refit;

namespace NvContract.Daemon.Tests;

/// <summary>
/// Mutual TLS on the REST listener, with a CA and certificates the test makes: curl and the SDK
/// get in with a client certificate the CA signed, and nobody else does; every refusal is audited.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TlsFiles _files = new();

    public static TheoryData<string, string> RefusedClients => new()
    {
        { "none", RejectionReason.NoCertificate },
        { "expired", RejectionReason.BadCertificate("expired or not yet valid") },
        { "other-ca", RejectionReason.BadCertificate("not signed by the --tlscacert CA") },
    };

    [Fact]
    public async Task Curl_ClientCertificateFromTheCa_Served()
    {
        await using var daemon = await StartAsync();
        var folder = _files.ClientFolder("client", _files.Ca.IssueClient());

        var (code, output) = Curl(daemon, folder, "/v1.0/gpu/info/json");

        Assert.True(code == 0, output);
        Assert.StartsWith("{\"Version\":{\"Driver\":", output);
        Assert.DoesNotContain(daemon.Logs.Lines, l => l.StartsWith("Rejected", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RefusedClients))]
    public async Task Curl_RefusedClient_NoAnswerAndAudited(string client, string reason)
    {
        await using var daemon = await StartAsync();
        var folder = _files.ClientFolder(client, Client(client));

        var (code, output) = Curl(daemon, folder, "/v1.0/gpu/info/json");

        Assert.NotEqual(0, code);
        Assert.DoesNotContain("Driver", output);
        Assert.Contains($"Rejected client 127.0.0.1: {reason}", daemon.Logs.Lines);
    }

    [Fact]
    public async Task Sdk_ClientCertificateFromTheCa_Served()
    {
        await using var daemon = await StartAsync();
        var connection = NvContractConnection.FromCertificateFolder(daemon.BaseAddress, _files.ClientFolder("client", _files.Ca.IssueClient()));

        var info = await NvContractClient.Create(connection).GetGpuInfoJson();

        Assert.Equal(8, info.Devices.Count);
    }

    [Theory]
    [MemberData(nameof(RefusedClients))]
    public async Task Sdk_RefusedClient_RequestFailsAndAudited(string client, string reason)
    {
        await using var daemon = await StartAsync();
        var connection = NvContractConnection.FromCertificateFolder(daemon.BaseAddress, _files.ClientFolder(client, Client(client)));

        await Assert.ThrowsAsync<ApiRequestException>(() => NvContractClient.Create(connection).GetGpuInfoJson());

        Assert.Contains($"Rejected client 127.0.0.1: {reason}", daemon.Logs.Lines);
    }

    [Fact]
    public async Task Sdk_ServerFromAnotherCa_Refused()
    {
        await using var daemon = await StartAsync();
        var stranger = TestCertificates.CreateAuthority("Stranger CA");
        var folder = _files.ClientFolder("client", _files.Ca.IssueClient());
        TestCertificates.Write(stranger.Authority, Path.Join(folder, "ca.pem"));

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => NvContractClient.Create(NvContractConnection.FromCertificateFolder(daemon.BaseAddress, folder)).GetGpuInfoJson());

        Assert.IsType<System.Security.Authentication.AuthenticationException>(e.InnerException?.InnerException);
    }

    [Fact]
    public async Task ServerKeyRotated_NextConnectionGetsTheNewCertificate()
    {
        await using var daemon = await StartAsync();
        var before = await ServerCertificateAsync(daemon);
        Assert.Equal(_files.Server.Thumbprint, before);

        _files.RotateServer();
        var after = await ServerCertificateAsync(daemon);

        Assert.Equal(_files.Server.Thumbprint, after);
        Assert.NotEqual(before, after);
        Assert.Contains(daemon.Logs.Lines, l => l.StartsWith("Reloaded TLS certificate CN=localhost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerKeyRotatedToAMismatchedPair_PreviousCertificateStaysAndErrorLogged()
    {
        await using var daemon = await StartAsync();
        var before = await ServerCertificateAsync(daemon);

        // The new certificate is written, its key not yet.
        TestCertificates.Write(_files.Ca.IssueServer(), _files.CertFile);

        Assert.Equal(before, await ServerCertificateAsync(daemon));
        Assert.Contains(daemon.Logs.Lines, l => l.StartsWith($"Error: cannot load TLS certificate {_files.CertFile}", StringComparison.Ordinal) && l.EndsWith("still serving the previous certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Curl_LoopbackTlsListenerReboundHost_MisdirectedWithoutServerHeader()
    {
        await using var daemon = await StartAsync();
        var folder = _files.ClientFolder("client", _files.Ca.IssueClient());

        // TLS checks who the client is, not which page made the browser send the request.
        var (code, output) = Curl(daemon, folder, "/v1.0/gpu/status/json", "-i", "-H", "Host: attacker.example");
        var (servedCode, served) = Curl(daemon, folder, "/v1.0/gpu/status/json", "-i");

        Assert.True(code == 0, output);
        Assert.StartsWith("HTTP/1.1 421 ", output);
        Assert.EndsWith("\r\n\r\n" + LoopbackHost.MisdirectedBody, output);
        Assert.True(servedCode == 0, served);
        Assert.StartsWith("HTTP/1.1 200 ", served);
        Assert.DoesNotContain("\nServer:", output + served, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PlainHttpOnTheTlsPort_GoAnswerAndAudited()
    {
        await using var daemon = await StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, daemon.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1.0/gpu/info HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        var answer = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();

        Assert.Equal(PlaintextOnTlsPort.Answer, answer);
        Assert.Contains($"Rejected client 127.0.0.1: {RejectionReason.PlaintextOnTlsPort}", daemon.Logs.Lines);
    }

    [Fact]
    public async Task Curl_PlainHttpOnTheTlsPort_SaysSo()
    {
        await using var daemon = await StartAsync();

        var (_, output) = Tool.TryRun("curl", ["-sS", $"http://127.0.0.1:{daemon.BaseAddress.Port}/v1.0/gpu/info"]);

        Assert.Equal("Client sent an HTTP request to an HTTPS server.\n", output);
    }

    [Fact]
    public async Task TlsWithoutVerify_AnyClientServed()
    {
        await using var daemon = await StartAsync(_files.Options(verify: false));
        var connection = NvContractConnection.FromCertificateFolder(daemon.BaseAddress, _files.ClientFolder("ca-only", null));

        var info = await NvContractClient.Create(connection).GetGpuInfoJson();

        Assert.Equal(8, info.Devices.Count);
    }

    private X509Certificate2? Client(string kind) => kind switch
    {
        "none" => null,
        "expired" => _files.Ca.IssueClient(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1)),
        "other-ca" => TestCertificates.CreateAuthority("Other CA").IssueClient(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private Task<RunningDaemon> StartAsync(Cli.DaemonOptions? options = null)
    {
        var listen = "127.0.0.1:0";
        return RunningDaemon.StartTcpAsync(
            new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")),
            listen: listen,
            access: logger => RemoteAccess.Load(options ?? _files.Options(), ListenAddress.Parse(listen), logger));
    }

    private static (int Code, string Output) Curl(RunningDaemon daemon, string folder, string path, params string[] extra)
    {
        List<string> arguments = ["-sS", "--max-time", "20", "--cacert", Path.Join(folder, "ca.pem"), .. extra];
        if (File.Exists(Path.Join(folder, "cert.pem")))
        {
            arguments.AddRange(["--cert", Path.Join(folder, "cert.pem"), "--key", Path.Join(folder, "key.pem")]);
        }

        arguments.Add($"https://127.0.0.1:{daemon.BaseAddress.Port}{path}");
        return Tool.TryRun("curl", arguments);
    }

    /// <summary>The thumbprint of the certificate a new connection is shown.</summary>
    private async Task<string> ServerCertificateAsync(RunningDaemon daemon)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, daemon.BaseAddress.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var client = _files.Ca.IssueClient();
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [client],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return new X509Certificate2(tls.RemoteCertificate!).Thumbprint;
    }

    public void Dispose() => _files.Dispose();
}
