namespace NvContract.Daemon.Cli;

/// <summary>Either options to run with, or an exit code with what to print first.</summary>
public sealed record CommandLineResult(DaemonOptions? Options, int ExitCode, string? Stdout, string? Stderr)
{
    public static CommandLineResult Run(DaemonOptions options) => new(options, 0, null, null);

    public static CommandLineResult Exit(int code, string? stdout = null, string? stderr = null) => new(null, code, stdout, stderr);
}
