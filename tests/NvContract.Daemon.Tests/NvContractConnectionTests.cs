using NvContract.Client;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The SDK's connection settings from the environment, as Docker users write them.</summary>
public sealed class NvContractConnectionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestCertificates _ca = TestCertificates.CreateAuthority();

    public static TheoryData<string, string?, string?, string> Addresses => new()
    {
        { "nothing set", null, null, "http://localhost:3476/" },
        { "host:port", "gpu-1:3476", null, "http://gpu-1:3476/" },
        { "host:port with TLS verification", "gpu-1:3476", "1", "https://gpu-1:3476/" },
        { "Docker's tcp://", "tcp://10.0.0.5:3476", "1", "https://10.0.0.5:3476/" },
        { "an https URL", "https://gpu-1:3476", null, "https://gpu-1:3476/" },
        { "a unix socket", "unix:///run/nvidia-docker/api.sock", null, "unix:///run/nvidia-docker/api.sock" },
        { "only TLS verification", null, "true", "https://localhost:3476/" },
        { "TLS verification off", "gpu-1:3476", "0", "http://gpu-1:3476/" },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void FromEnvironment_Address(string description, string? host, string? verify, string expected)
    {
        _ca.WriteClientFolder(_folder.Path, _ca.IssueClient());

        var connection = NvContractConnection.FromEnvironment(Variables(("NV_HOST", host), ("NV_TLS_VERIFY", verify), ("NV_CERT_PATH", _folder.Path)));

        Assert.True(expected == connection.Address.ToString(), $"{description}: {connection.Address}");
    }

    [Fact]
    public void FromEnvironment_DockerCertPath_CaClientCertificateAndToken()
    {
        _ca.WriteClientFolder(_folder.Path, _ca.IssueClient("scheduler"));

        var connection = NvContractConnection.FromEnvironment(Variables(("NV_HOST", "gpu-1:3476"), ("NV_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", _folder.Path), ("NV_AUTH_TOKEN", "t0k3n")));

        Assert.Equal(_ca.Authority.Thumbprint, Assert.Single(connection.CertificateAuthorities!).Thumbprint);
        Assert.Equal("CN=scheduler", connection.ClientCertificate!.Subject);
        Assert.True(connection.ClientCertificate.HasPrivateKey);
        Assert.Equal("t0k3n", connection.AuthToken);
    }

    [Fact]
    public void FromEnvironment_UnixSocket_PathAndLocalhostBase()
    {
        var connection = NvContractConnection.FromEnvironment(Variables(("NV_HOST", "unix:///run/nvidia-docker/api.sock")));

        Assert.Equal("/run/nvidia-docker/api.sock", connection.UnixSocketPath);
        Assert.Equal(new Uri("http://localhost"), connection.BaseAddress);
    }

    public static TheoryData<string, (string, string?)[], string> Refused => new()
    {
        { "verification without ca.pem", [("NV_HOST", "gpu-1:3476"), ("NV_TLS_VERIFY", "1"), ("NV_CERT_PATH", "/nonexistent/certs")], "TLS verification needs the CA bundle /nonexistent/certs/ca.pem, which does not exist" },
        { "verification of an http:// address", [("NV_HOST", "http://gpu-1:3476"), ("NV_TLS_VERIFY", "1")], "NV_TLS_VERIFY is set but NV_HOST http://gpu-1:3476 is not an https:// or host:port address" },
        { "a unix address without a path", [("NV_HOST", "unix://")], "address unix://: no socket path" },
        { "an address that is no URL", [("NV_HOST", "ftp://gpu-1")], "address ftp://gpu-1: not http://host:port, https://host:port, host:port or unix:///path" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void FromEnvironment_Unusable_OneLineNamingTheSetting(string description, (string, string?)[] variables, string message)
    {
        var e = Assert.Throws<NvContractConnectionException>(() => NvContractConnection.FromEnvironment(Variables(variables)));

        Assert.True(message == e.Message, $"{description}: {e.Message}");
    }

    [Fact]
    public void FromCertificateFolder_CertWithoutKey_Refused()
    {
        _ca.WriteClientFolder(_folder.Path, _ca.IssueClient());
        File.Delete(_folder.Combine("key.pem"));

        var e = Assert.Throws<NvContractConnectionException>(() => NvContractConnection.FromCertificateFolder(new Uri("https://gpu-1:3476"), _folder.Path));

        Assert.Equal($"a client certificate needs both {_folder.Combine("cert.pem")} and {_folder.Combine("key.pem")}; only {_folder.Combine("cert.pem")} exists", e.Message);
    }

    private static Func<string, string?> Variables(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    public void Dispose() => _folder.Dispose();
}
