using NvContract.Daemon.Cli;

namespace NvContract.Daemon.Tests.Cdi;

public class CdiCommandLineTests
{
    private static CommandLineResult Parse(params string[] args) => CommandLine.Parse(args, "nvidia-docker-plugin", "2.0.0");

    [Fact]
    public void Parse_NoFlags_SpecInVarRunCdiOfKindNvidiaGpuAtTheLowestVersion()
    {
        var options = Parse().Options!;

        Assert.Equal("/var/run/cdi", options.CdiDir);
        Assert.Equal("nvidia.com/gpu", options.CdiKind.ToString());
        Assert.Null(options.CdiVersion);
        Assert.Null(options.CdiGenerate);
    }

    [Theory]
    [InlineData("--cdi-dir=")]
    [InlineData("--cdi-dir", "")]
    public void Parse_EmptyCdiDir_Disables(params string[] args)
    {
        Assert.Equal("", Parse(args).Options!.CdiDir);
    }

    [Fact]
    public void Parse_CdiFlags_Accepted()
    {
        var options = Parse("--cdi-dir", "/etc/cdi", "--cdi-kind=example.com/accel", "-cdi-version", "v0.6.0", "--cdi-generate", "-").Options!;

        Assert.Equal(("/etc/cdi", "example.com/accel", "0.6.0", "-"), (options.CdiDir, options.CdiKind.ToString(), options.CdiVersion, options.CdiGenerate));
    }

    [Theory]
    [InlineData("--cdi-kind", "gpu", "invalid value \"gpu\" for flag -cdi-kind: not vendor/class")]
    [InlineData("--cdi-version", "0.2.0", "invalid value \"0.2.0\" for flag -cdi-version: not a CDI version (0.3.0, 0.4.0, 0.5.0, ")]
    public void Parse_BadCdiValue_Exits2WithGoMessageAndUsage(string flag, string value, string message)
    {
        var result = Parse(flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr);
        Assert.Contains("Usage of nvidia-docker-plugin:\n", result.Stderr);
    }

    [Fact]
    public void Usage_ListsTheCdiFlagsInNameOrder()
    {
        var usage = CommandLine.Usage("nvidia-docker-plugin");

        var positions = new[] { "-cdi-dir string", "-cdi-generate string", "-cdi-kind string", "-cdi-version string", "-d string" }.Select(f => usage.IndexOf(f, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("(default \"/var/run/cdi\")", usage);
    }
}
