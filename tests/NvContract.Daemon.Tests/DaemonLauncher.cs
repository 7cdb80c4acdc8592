using System.Diagnostics;

namespace NvContract.Daemon.Tests;

/// <summary>
/// Starts the built executable with its plugin socket and volumes in a private scratch folder
/// (never /run/docker/plugins), stdout and stderr redirected; the folder goes on dispose.
/// </summary>
public sealed class DaemonLauncher(string prefix) : IDisposable
{
    private static readonly string DaemonDll = Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.dll");

    public string Scratch { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(DaemonDll);
        foreach (var arg in (string[])["-s", $"{Scratch}/plugins", "-d", $"{Scratch}/volumes", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still shutting down may be removing its socket at the same moment.
        }
    }
}
