using System.Diagnostics;

namespace NvContract.Command.Tests;

/// <summary>The built <c>nvidia-docker</c> command, run with a clean set of NV_* variables.</summary>
internal static class CommandProcess
{
    private static readonly string CommandDll = Path.Join(AppContext.BaseDirectory, "nvidia-docker.dll");

    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CommandDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "NV_GPU", "NV_HOST", "NV_DOCKER", "DOCKER_HOST", "NV_TLS_VERIFY", "NV_CERT_PATH", "DOCKER_CERT_PATH", "NV_AUTH_TOKEN" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>The lines of <paramref name="text"/>, without the empty last one.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
