using System.Text.RegularExpressions;

namespace NvContract.Command.Tests.Tls;

/// <summary>
/// The command reaches a daemon started with <c>--tlsverify</c> and a token file through the SDK's
/// connection: the certificate folder and token from the environment, one clear line when the
/// daemon refuses it.
/// </summary>
public sealed class CommandTlsTests(TlsDaemonFixture daemon) : IClassFixture<TlsDaemonFixture>
{
    private const string ErrorLinePattern = @"^nvidia-docker \| \d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2} Error: ";

    [Theory]
    [InlineData("NV_CERT_PATH", "https://localhost:{0}", null)]
    [InlineData("DOCKER_CERT_PATH", "localhost:{0}", "1")]
    public void ClientCertificateAndToken_RunGetsTheDaemonsCdiNames(string folderVariable, string host, string? tlsVerify)
    {
        var environment = Environment(TlsDaemonFixture.Token, daemon.ClientFolder, folderVariable, string.Format(System.Globalization.CultureInfo.InvariantCulture, host, daemon.Port));
        if (tlsVerify is not null)
        {
            environment["NV_TLS_VERIFY"] = tlsVerify;
        }

        var (code, output, error) = CommandProcess.Run(environment, "run", "--rm", "busybox", "ls", "/dev");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Equal($"run --rm --device={TlsDaemonFixture.CdiKind}={daemon.Uuids[1]} busybox ls /dev\n", output);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public void NoOrWrongToken_OneErrorLine(string? token)
    {
        var (code, output, error) = CommandProcess.Run(Environment(token: token, certFolder: daemon.ClientFolder), "run", "--rm", "busybox");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(CommandProcess.Lines(error));
        Assert.Matches(
            ErrorLinePattern + Regex.Escape($"nvidia-docker-plugin at https://localhost:{daemon.Port} refused the request: no bearer token or a wrong one (NV_AUTH_TOKEN)") + "$",
            line);
    }

    [Theory]
    [InlineData("ca-only", "The response ended prematurely")]
    [InlineData("other-ca", "The remote certificate was rejected")]
    public void NoClientCertificateOrAnotherCa_OneErrorLine(string folder, string reason)
    {
        var certFolder = folder == "ca-only" ? daemon.CaOnlyFolder : daemon.OtherCaFolder;

        var (code, output, error) = CommandProcess.Run(Environment(TlsDaemonFixture.Token, certFolder), "run", "--rm", "busybox");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(CommandProcess.Lines(error));
        Assert.Matches(ErrorLinePattern + Regex.Escape($"no TLS session with nvidia-docker-plugin at https://localhost:{daemon.Port}: {reason}"), line);
        Assert.EndsWith("NV_CERT_PATH or DOCKER_CERT_PATH names a folder with ca.pem, cert.pem and key.pem)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsVerifyWithPlainHttpAddress_OneErrorLine()
    {
        var environment = Environment(token: TlsDaemonFixture.Token, certFolder: daemon.ClientFolder, host: $"http://localhost:{daemon.Port}");
        environment["NV_TLS_VERIFY"] = "1";

        var (code, _, error) = CommandProcess.Run(environment, "run", "--rm", "busybox");

        Assert.Equal(1, code);
        var line = Assert.Single(CommandProcess.Lines(error));
        Assert.Matches(ErrorLinePattern + Regex.Escape("NV_TLS_VERIFY is set but NV_HOST"), line);
    }

    private Dictionary<string, string> Environment(string? token, string certFolder, string folderVariable = "NV_CERT_PATH", string? host = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["NV_HOST"] = host ?? $"https://localhost:{daemon.Port}",
            [folderVariable] = certFolder,
            ["NV_DOCKER"] = daemon.Podman,
            ["NV_GPU"] = "1",
        };
        if (token is not null)
        {
            environment["NV_AUTH_TOKEN"] = token;
        }

        return environment;
    }
}
