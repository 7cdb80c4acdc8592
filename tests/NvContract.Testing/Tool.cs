using System.Diagnostics;

namespace NvContract.Testing;

/// <summary>Runs a command line tool (gcc, ldconfig, docker) and fails loudly when it fails.</summary>
public static class Tool
{
    public static string Run(string file, params string[] arguments) => Run(file, arguments, null);

    public static string Run(string file, IEnumerable<string> arguments, string? standardInput)
    {
        var (code, output) = TryRun(file, arguments, standardInput);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {code}:\n{output}");
        }

        return output;
    }

    public static (int ExitCode, string Output) TryRun(string file, IEnumerable<string> arguments, string? standardInput = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
