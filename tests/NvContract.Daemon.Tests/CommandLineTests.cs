using NvContract.Daemon.Cli;

namespace NvContract.Daemon.Tests;

public class CommandLineTests
{
    private static CommandLineResult Parse(params string[] args) => CommandLine.Parse(args, "nvidia-docker-plugin", "2.0.0");

    [Fact]
    public void Parse_NoFlags_V1Defaults()
    {
        var options = Parse().Options!;
        Assert.Equal("/var/lib/nvidia-docker/volumes", options.VolumesDir);
        Assert.Equal("localhost:3476", options.ListenAddress);
        Assert.Equal("/run/docker/plugins", options.SocketDir);
        Assert.Equal("/", options.DriverRoot);
        Assert.Equal("/", options.DevRoot);
        Assert.Null(options.NvmlLibrary);
        Assert.Null(options.SimulationProfile);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.StatusMaxAge);
    }

    public static TheoryData<string, string[], Func<DaemonOptions, string?>, string> Accepted => new()
    {
        { "single dash, separate value", ["-d", "/v"], o => o.VolumesDir, "/v" },
        { "double dash, equals", ["--l=:1234"], o => o.ListenAddress, ":1234" },
        { "single dash, equals", ["-s=/tmp/s"], o => o.SocketDir, "/tmp/s" },
        { "long option", ["--nvml-library", "/opt/libnvidia-ml.so.1"], o => o.NvmlLibrary, "/opt/libnvidia-ml.so.1" },
        { "driver root", ["--driver-root", "/run/nvidia/driver"], o => o.DriverRoot, "/run/nvidia/driver" },
        { "dev root", ["-dev-root=/x"], o => o.DevRoot, "/x" },
        { "simulate alone takes the default profile", ["--simulate"], o => o.SimulationProfile, "dgx-h100" },
        { "simulate with a profile word", ["--simulate", "empty", "-l", ":1"], o => o.SimulationProfile, "empty" },
        { "simulate followed by a flag", ["--simulate", "-l", ":1"], o => o.SimulationProfile, "dgx-h100" },
        { "simulate with equals", ["--simulate=/etc/p.json"], o => o.SimulationProfile, "/etc/p.json" },
        { "a value may start with a dash", ["-d", "-odd"], o => o.VolumesDir, "-odd" },
        { "status age in milliseconds", ["--status-max-age", "100ms"], o => o.StatusMaxAge.TotalMilliseconds.ToString(), "100" },
        { "status age zero reads live", ["--status-max-age=0"], o => o.StatusMaxAge.TotalMilliseconds.ToString(), "0" },
        { "status age in seconds", ["--status-max-age", "1.5s"], o => o.StatusMaxAge.TotalMilliseconds.ToString(), "1500" },
        { "health policy file", ["--health-policy", "/etc/nvidia-docker/xid-policy.csv"], o => o.HealthPolicy, "/etc/nvidia-docker/xid-policy.csv" },
        { "health quiet period by default", [], o => o.HealthQuietPeriod.TotalMinutes.ToString(), "10" },
        { "health quiet period", ["--health-quiet-period=30s"], o => o.HealthQuietPeriod.TotalSeconds.ToString(), "30" },
        { "proc root", ["--proc-root", "/host"], o => o.ProcRoot, "/host" },
        { "dcgm-exporter's metric names by default", [], o => o.MetricNaming.ToString(), "Dcgm" },
        { "Prometheus' metric naming", ["--metrics-naming=prometheus"], o => o.MetricNaming.ToString(), "Prometheus" },
        { "false version flag runs", ["-v=false", "-d", "/v"], o => o.VolumesDir, "/v" },
        { "double dash ends the flags", ["-d", "/v", "--"], o => o.VolumesDir, "/v" },
        { "no device plugin by default", [], o => o.DevicePluginDir ?? "off", "off" },
        { "device plugin folder", ["--device-plugin-dir", "/var/lib/kubelet/device-plugins"], o => o.DevicePluginDir, "/var/lib/kubelet/device-plugins" },
        { "CDI allocation by default", [], o => o.DevicePluginAllocation.ToString(), "Cdi" },
        { "legacy allocation", ["--device-plugin-allocation=legacy"], o => o.DevicePluginAllocation.ToString(), "Legacy" },
        { "mixed MIG strategy", ["--mig-strategy", "mixed"], o => o.MigStrategy.ToString(), "Mixed" },
        { "single MIG strategy", ["-mig-strategy=single"], o => o.MigStrategy.ToString(), "Single" },
        { "plain HTTP by default", [], o => $"{o.Tls} {o.TlsVerify} {o.InsecureRemote}", "False False False" },
        { "Docker's TLS flags", ["--tlsverify", "--tlscacert", "ca.pem", "--tlscert=server-cert.pem", "--tlskey", "server-key.pem"], o => $"{o.TlsVerify} {o.TlsCaCert} {o.TlsCert} {o.TlsKey}", "True ca.pem server-cert.pem server-key.pem" },
        { "tls alone", ["--tls"], o => $"{o.Tls} {o.TlsVerify}", "True False" },
        { "a bool flag set to false", ["--tls=false", "--insecure-remote=true"], o => $"{o.Tls} {o.InsecureRemote}", "False True" },
        { "token file", ["--auth-token-file", "/etc/nvidia-docker/tokens"], o => o.AuthTokenFile, "/etc/nvidia-docker/tokens" },
        { "a bool flag does not take the next word", ["--tlsverify", "-d", "/v"], o => $"{o.TlsVerify} {o.VolumesDir}", "True /v" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_GoStyleFlags_Accepted(string description, string[] args, Func<DaemonOptions, string?> read, string expected)
    {
        var result = Parse(args);
        Assert.True(result.Options is not null, $"{description}: {result.Stderr}");
        Assert.Equal(expected, read(result.Options!));
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("--v")]
    [InlineData("-v=true")]
    public void Parse_Version_PrintsV1LineAndExits0(string flag)
    {
        var result = Parse("-d", "/x", flag);
        Assert.Null(result.Options);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("NVIDIA Docker plugin: 2.0.0\n", result.Stdout);
    }

    public static TheoryData<string[], string> Rejected => new()
    {
        { ["-x"], "flag provided but not defined: -x" },
        { ["--verbose"], "flag provided but not defined: -verbose" },
        { ["-d"], "flag needs an argument: -d" },
        { ["-v=maybe"], "invalid boolean value \"maybe\" for -v: parse error" },
        { ["---d", "x"], "bad flag syntax: ---d" },
        { ["serve"], "unexpected argument: serve" },
        { ["--status-max-age", "soon"], "invalid value \"soon\" for flag -status-max-age: parse error" },
        { ["--", "serve"], "unexpected argument: serve" },
        { ["--health-quiet-period", "never"], "invalid value \"never\" for flag -health-quiet-period: parse error" },
        { ["--metrics-naming", "otel"], "invalid value \"otel\" for flag -metrics-naming: expected dcgm or prometheus" },
        { ["--device-plugin-allocation", "envvar"], "invalid value \"envvar\" for flag -device-plugin-allocation: expected cdi or legacy" },
        { ["--mig-strategy", "Mixed"], "invalid value \"Mixed\" for flag -mig-strategy: expected none, single or mixed" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_BadFlag_Exits2WithMessageAndUsage(string[] args, string message)
    {
        var result = Parse(args);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"{message}\nUsage of nvidia-docker-plugin:\n", result.Stderr);
    }

    [Fact]
    public void Usage_KeepsV1FlagLinesVerbatim()
    {
        var usage = CommandLine.Usage("nvidia-docker-plugin");
        Assert.Contains("  -d string\n    \tPath where to store the volumes (default \"/var/lib/nvidia-docker/volumes\")\n", usage);
        Assert.Contains("  -l string\n    \tServer listen address (default \"localhost:3476\")\n", usage);
        Assert.Contains("  -s string\n    \tPath to the plugin socket (default \"/run/docker/plugins\")\n", usage);
        Assert.EndsWith("  -v\tShow the plugin version information\n", usage);
    }

    [Fact]
    public void Parse_Help_PrintsUsageAndExits2AsV1() =>
        Assert.Equal(2, Parse("-h").ExitCode);
}
