using System.Diagnostics;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>The built executable's start with the remote-access flags: refusals, the plain-HTTP warning.</summary>
public sealed class RemoteAccessProcessTests : IDisposable
{
    private readonly DaemonLauncher _launcher = new("nvc-remote-");
    private readonly TlsFiles _files = new();

    [Fact]
    public async Task KeyFileReadableByGroup_Exits1NamingTheFix()
    {
        File.SetUnixFileMode(_files.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var (code, stderr) = await RunToEndAsync("--simulate", "empty", "-l", "127.0.0.1:0", "--tlsverify", "--tlscacert", _files.CaFile, "--tlscert", _files.CertFile, "--tlskey", _files.KeyFile);

        Assert.Equal(1, code);
        Assert.Contains($"Error: --tlskey {_files.KeyFile} is readable by users other than its owner (mode 0640); run chmod 600 {_files.KeyFile}\n", stderr);
        Assert.DoesNotContain("Serving remote API", stderr);
    }

    public static TheoryData<string, string[], string> BadFlagSets => new()
    {
        { "a certificate without --tls", ["--tlscert", "c.pem", "--tlskey", "k.pem"], "Error: --tlscert, --tlskey and --tlscacert take effect only with --tls or --tlsverify" },
        { "--tlsverify without a CA", ["--tlsverify", "--tlscert", "c.pem", "--tlskey", "k.pem"], "Error: --tlsverify needs --tlscacert, the CA that signs client certificates" },
        { "--tls without a key", ["--tls", "--tlscert", "c.pem"], "Error: --tls and --tlsverify need --tlscert and --tlskey" },
        { "--tls with a CA", ["--tls", "--tlscacert", "ca.pem", "--tlscert", "c.pem", "--tlskey", "k.pem"], "Error: --tlscacert takes effect only with --tlsverify (--tls does not check client certificates)" },
        { "a missing token file", ["--auth-token-file", "/nonexistent/tokens"], "Error: --auth-token-file /nonexistent/tokens: Could not find" },
    };

    [Theory]
    [MemberData(nameof(BadFlagSets))]
    public async Task InconsistentFlags_Exit1WithOneClearLine(string description, string[] flags, string error)
    {
        var (code, stderr) = await RunToEndAsync(["--simulate", "empty", "-l", "127.0.0.1:0", .. flags]);

        Assert.True(code == 1, description);
        Assert.Contains(error, stderr);
    }

    [Fact]
    public async Task TlsOnAUnixSocket_Exit1()
    {
        var (code, stderr) = await RunToEndAsync("--simulate", "empty", "-l", $"unix:{_launcher.Scratch}/api.sock", "--tls", "--tlscert", _files.CertFile, "--tlskey", _files.KeyFile);

        Assert.Equal(1, code);
        Assert.Contains("Error: --tls and --tlsverify apply to a TCP listener", stderr);
    }

    public static TheoryData<string, string[], bool> WarningCases => new()
    {
        { "every interface, plain", [], true },
        { "every interface, plain, with a token", ["--auth-token-file", "TOKENS"], true },
        { "every interface, --insecure-remote", ["--insecure-remote"], false },
        { "every interface, TLS", ["--tls", "--tlscert", "CERT", "--tlskey", "KEY"], false },
        { "loopback, plain", ["-l", "127.0.0.1:PORT"], false },
    };

    [Theory]
    [MemberData(nameof(WarningCases))]
    public async Task PlainHttpBeyondLoopback_OneWarningAtStart(string description, string[] flags, bool warned)
    {
        var port = Loopback.FreePort();
        var tokens = _files.WriteTokens("token\n");
        var args = flags.Select(f => f.Replace("PORT", $"{port}").Replace("TOKENS", tokens).Replace("CERT", _files.CertFile).Replace("KEY", _files.KeyFile)).ToList();
        if (!args.Contains("-l"))
        {
            args.AddRange(["-l", $":{port}"]);
        }

        using var process = _launcher.Start(new Dictionary<string, string>(), ["--simulate", "empty", .. args]);
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitForListenerAsync(port);
        Assert.Equal(0, Signals.Send(process.Id, Signals.Terminate));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var warnings = (await stderr).Split('\n').Where(l => l.Contains(" Warning: ", StringComparison.Ordinal)).ToList();
        Assert.True(warned ? warnings.Count == 1 : warnings.Count == 0, $"{description}: {string.Join('\n', warnings)}");
        if (warned)
        {
            Assert.Matches($@"Warning: the REST API at :{port} is plain HTTP reachable from the network: .* Use --tlsverify --tlscacert --tlscert --tlskey .*, or --insecure-remote to accept the risk$", warnings[0]);
        }
    }

    private static async Task WaitForListenerAsync(int port)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"nothing listens on port {port}");
    }

    private async Task<(int Code, string Stderr)> RunToEndAsync(params string[] args)
    {
        using var process = _launcher.Start(new Dictionary<string, string>(), args);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await stderr);
    }

    public void Dispose()
    {
        _launcher.Dispose();
        _files.Dispose();
    }
}
