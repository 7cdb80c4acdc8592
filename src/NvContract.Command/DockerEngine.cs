using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NvContract.Command;

/// <summary>
/// The docker (or podman) command: asked questions with the user's global options (so that
/// <c>-H</c> and <c>--context</c> reach the same engine), and finally run in this process's place.
/// </summary>
internal sealed class DockerEngine(string command, string executable, IReadOnlyList<string> globalOptions)
{
    /// <summary>The command as the user named it (<c>docker</c>, <c>podman</c>, a path).</summary>
    public string Command { get; } = command;

    /// <exception cref="CommandException">The command is not found.</exception>
    public static DockerEngine Find(string command, IReadOnlyList<string> globalOptions)
    {
        var executable = ExecutableSearch.Find(command, Environment.GetEnvironmentVariable("PATH"))
            ?? throw new CommandException($"cannot find the docker command \"{command}\" (NV_DOCKER names another)");
        return new DockerEngine(command, executable, globalOptions);
    }

    public DockerEngine WithGlobalOptions(IReadOnlyList<string> options) => new(Command, executable, options);

    /// <summary>Runs <c>docker [global options] <paramref name="arguments"/></c>, output captured.</summary>
    public (int ExitCode, string Output, string Error) Ask(params string[] arguments)
    {
        var start = StartInfo(arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Start(start);
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>Runs <c>docker [global options] <paramref name="arguments"/></c> on the user's terminal (a pull shows its progress).</summary>
    public int RunVisibly(params string[] arguments)
    {
        using var process = Start(StartInfo(arguments));
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The engine's version, or null when it does not answer.</summary>
    public string? ServerVersion()
    {
        var (code, output, _) = Ask("version", "--format", "{{.Server.Version}}");
        return code == 0 && output.Trim() is { Length: > 0 } version ? version : null;
    }

    /// <summary>
    /// The engine's CDI spec folders as a JSON list (<c>docker info</c>'s <c>CDISpecDirs</c>, Engine
    /// API 1.44 and later; empty when CDI is disabled), or null when it does not answer.
    /// </summary>
    public string? CdiSpecDirs()
    {
        var (code, output, _) = Ask("info", "--format", "{{json .CDISpecDirs}}");
        return code == 0 ? output.Trim() : null;
    }

    /// <summary>The option table of <paramref name="subcommand"/> (null: of docker itself).</summary>
    public DockerFlags Flags(string? subcommand)
    {
        var (_, output, error) = subcommand is null ? WithGlobalOptions([]).Ask("--help") : Ask(subcommand, "--help");
        return DockerFlags.FromHelp(output + "\n" + error);
    }

    /// <summary>Replaces this process with <c>docker <paramref name="arguments"/></c>; returns only when that failed.</summary>
    public CommandException Exec(IReadOnlyList<string> arguments)
    {
        string[] argv = [Command, .. arguments];
        var pointers = new nint[argv.Length + 1];
        var path = Marshal.StringToCoTaskMemUTF8(executable);
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            Console.Out.Flush();
            Console.Error.Flush();
            Interop.Libc.Execv(path, pointers);
            return new CommandException($"cannot run {executable}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
            foreach (var pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        foreach (var argument in globalOptions.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new CommandException($"cannot run {executable}");
        }
        catch (Win32Exception e)
        {
            throw new CommandException($"cannot run {executable}: {e.Message}", e);
        }
    }
}
