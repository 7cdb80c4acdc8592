using System.Net;
using System.Net.Http.Headers;
using NvContract.Client;
using NvContract.Core.Simulation;
using NvContract.Daemon.Hosting;
using NvContract.Daemon.Security;

namespace NvContract.Daemon.Tests;

/// <summary><c>--auth-token-file</c>: 401 with <c>WWW-Authenticate</c> without the right token, alone or with mutual TLS.</summary>
public sealed class BearerTokenTests : IDisposable
{
    private const string Token = "s3cr3t-token-for-ci";

    private readonly TlsFiles _files = new();

    public static TheoryData<string, string?, string?> Refused => new()
    {
        { "no header", null, "Bearer realm=\"nvidia-docker-plugin\"" },
        { "a wrong token", "Bearer wrong-token", "Bearer realm=\"nvidia-docker-plugin\", error=\"invalid_token\"" },
        { "a prefix of the token", "Bearer s3cr3t", "Bearer realm=\"nvidia-docker-plugin\", error=\"invalid_token\"" },
        { "another scheme", $"Basic {Token}", "Bearer realm=\"nvidia-docker-plugin\"" },
        { "the comment as a token", "Bearer ci-runner", "Bearer realm=\"nvidia-docker-plugin\", error=\"invalid_token\"" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task WithoutTheToken_401WithChallengeAndAudited(string description, string? authorization, string? challenge)
    {
        await using var daemon = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/gpu/info/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await daemon.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, description);
        Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(BearerTokenCheck.UnauthorizedBody, await response.Content.ReadAsStringAsync());
        Assert.Single(daemon.Logs.Lines, l => l.StartsWith("Rejected client 127.0.0.1: ", StringComparison.Ordinal));
        Assert.DoesNotContain(daemon.Logs.Lines, l => l.Contains("s3cr3t", StringComparison.Ordinal) || l.Contains("wrong-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    public async Task TheToken_Served(string authorization)
    {
        await using var daemon = await StartAsync();
        using var http = daemon.Http;
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await http.GetAsync("/v1.0/gpu/info/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(Token, "200")]
    [InlineData("wrong-token", "401")]
    public async Task Curl_Token_OnlyTheRightOneServed(string token, string status)
    {
        await using var daemon = await StartAsync();

        var output = NvContract.Testing.Tool.Run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", $"Authorization: Bearer {token}", $"{daemon.BaseAddress}v1.0/gpu/info");

        Assert.Equal(status, output);
    }

    [Fact]
    public async Task Liveness_ServedWithoutToken()
    {
        await using var daemon = await StartAsync();

        using var response = await daemon.Http.GetAsync(BearerTokenCheck.LivenessPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenFileChanged_NewTokenServedRevokedRefused()
    {
        await using var daemon = await StartAsync();
        using var http = daemon.Http;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rotated-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/gpu/info")).StatusCode);

        _files.WriteTokens("# rotated\nrotated-token\n");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/gpu/info")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/gpu/info")).StatusCode);
    }

    [Fact]
    public async Task Sdk_MutualTlsAndToken_ServedAndWrongTokenRefused()
    {
        var tokens = _files.WriteTokens($"{Token}\n");
        var listen = "127.0.0.1:0";
        await using var daemon = await RunningDaemon.StartTcpAsync(
            new SimulatedGpuSource(SimulationProfiles.Load("dgx-h100")),
            listen: listen,
            access: logger => RemoteAccess.Load(_files.Options(tokenFile: tokens), ListenAddress.Parse(listen), logger));
        var folder = _files.ClientFolder("client", _files.Ca.IssueClient());

        var info = await NvContractClient.Create(NvContractConnection.FromCertificateFolder(daemon.BaseAddress, folder, Token)).GetGpuInfoJson();
        var wrong = await Assert.ThrowsAsync<Refit.ApiException>(() => NvContractClient.Create(NvContractConnection.FromCertificateFolder(daemon.BaseAddress, folder, "wrong")).GetGpuInfoJson());

        Assert.Equal(8, info.Devices.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains($"Rejected client 127.0.0.1: {RejectionReason.BadToken}", daemon.Logs.Lines);
    }

    [Fact]
    public void Parse_CommentsAndBlankLinesIgnored_FirstWordIsTheToken()
    {
        var hashes = BearerTokens.Parse("# fleet tokens\n\n  alpha   ci-runner\nbeta\t# ops\r\n   # indented comment\n");

        Assert.Equal(2, hashes.Count);
    }

    [Fact]
    public void Load_FileReadableByOthers_Refused()
    {
        var path = _files.WriteTokens(Token);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var e = Assert.Throws<StartupException>(() => BearerTokens.Load(path, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Equal($"--auth-token-file {path} is readable by users other than its owner (mode 0604); run chmod 600 {path}", e.Message);
    }

    [Fact]
    public void Load_NoToken_Refused()
    {
        var path = _files.WriteTokens("# nothing yet\n");

        var e = Assert.Throws<StartupException>(() => BearerTokens.Load(path, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains("holds no token", e.Message);
    }

    private Task<RunningDaemon> StartAsync()
    {
        var tokens = _files.WriteTokens($"# fleet\n{Token} ci-runner\n");
        var listen = "127.0.0.1:0";
        return RunningDaemon.StartTcpAsync(
            new SimulatedGpuSource(SimulationProfiles.Load("empty")),
            listen: listen,
            access: logger => RemoteAccess.Load(new Cli.DaemonOptions { AuthTokenFile = tokens }, ListenAddress.Parse(listen), logger));
    }

    public void Dispose() => _files.Dispose();
}
