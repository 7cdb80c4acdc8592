using System.Diagnostics;
using System.Net.Sockets;
using NvContract.Client;
using NvContract.Testing;

namespace NvContract.Command.Tests.Tls;

/// <summary>
/// The daemon in simulation mode on a loopback port with <c>--tlsverify</c> and a token file,
/// certificates from a CA made here; its spec's CDI kind is not the default one, so a name the
/// command passes on can only have come from the daemon. A stand-in <c>podman</c> (a shell script:
/// no labels for any image, and <c>run</c> prints its arguments) shows what the command would run.
/// </summary>
public sealed class TlsDaemonFixture : IAsyncLifetime
{
    public const string Token = "fleet-token-0123456789";
    public const string CdiKind = "nvcontract.example/gpu";

    private readonly DaemonLauncher _launcher = new("nvc-cmdtls-");
    private Process? _daemon;

    public TestCertificates Ca { get; } = TestCertificates.CreateAuthority();

    public int Port { get; private set; }

    /// <summary>A Docker-style folder with ca.pem and a client certificate the daemon accepts.</summary>
    public string ClientFolder => Path.Join(_launcher.Scratch, "client");

    /// <summary>A folder with ca.pem alone.</summary>
    public string CaOnlyFolder => Path.Join(_launcher.Scratch, "ca-only");

    /// <summary>A folder with the ca.pem of another CA and a client certificate it signed.</summary>
    public string OtherCaFolder => Path.Join(_launcher.Scratch, "other-ca");

    /// <summary>The stand-in podman.</summary>
    public string Podman => Path.Join(_launcher.Scratch, "bin", "podman");

    /// <summary>The GPUs' UUIDs, as the daemon lists them.</summary>
    public IReadOnlyList<string> Uuids { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var scratch = _launcher.Scratch;
        using var server = Ca.IssueServer();
        TestCertificates.Write(Ca.Authority, Path.Join(scratch, "ca.pem"));
        TestCertificates.Write(server, Path.Join(scratch, "server-cert.pem"), Path.Join(scratch, "server-key.pem"));
        using var client = Ca.IssueClient();
        Ca.WriteClientFolder(ClientFolder, client);
        Ca.WriteClientFolder(CaOnlyFolder, null);
        var other = TestCertificates.CreateAuthority("another CA");
        using var otherClient = other.IssueClient();
        other.WriteClientFolder(OtherCaFolder, otherClient);
        var tokens = Path.Join(scratch, "tokens");
        File.WriteAllText(tokens, $"{Token} ci\n");
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.CreateDirectory(Path.GetDirectoryName(Podman)!);
        File.WriteAllText(Podman, "#!/bin/sh\ncase \"$1\" in\n  image) echo null ;;\n  run) echo \"$@\" ;;\nesac\n");
        File.SetUnixFileMode(Podman, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Port = Loopback.FreePort();
        _daemon = _launcher.Start(
            new Dictionary<string, string>(),
            "--simulate", "legacy-mixed", "-l", $"127.0.0.1:{Port}", "--cdi-kind", CdiKind,
            "--tlsverify", "--tlscacert", Path.Join(scratch, "ca.pem"), "--tlscert", Path.Join(scratch, "server-cert.pem"),
            "--tlskey", Path.Join(scratch, "server-key.pem"), "--auth-token-file", tokens);
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        await WaitForListenerAsync();

        var connection = NvContractConnection.FromCertificateFolder(new Uri($"https://localhost:{Port}"), ClientFolder, Token);
        var info = await NvContractClient.Create(connection).GetGpuInfoJson();
        Uuids = [.. info.Devices.Select(d => d.UUID)];
    }

    public Task DisposeAsync()
    {
        _daemon?.Dispose();
        _launcher.Dispose();
        return Task.CompletedTask;
    }

    private async Task WaitForListenerAsync()
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (!_daemon!.HasExited)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"the daemon did not listen on port {Port}");
    }
}
