using System.Diagnostics;

namespace NvContract.Testing;

/// <summary>
/// Starts the built executable with its plugin socket and volumes in a private scratch folder
/// (never /run/docker/plugins) and no CDI spec (never in /var/run/cdi; a test that wants one
/// passes its own <c>--cdi-dir</c>, which comes later and wins), stdout and stderr redirected.
/// On dispose a daemon still running (a test that failed before stopping it) is killed, then the
/// folder goes.
/// </summary>
public sealed class DaemonLauncher(string prefix) : IDisposable
{
    /// <summary>The built daemon next to the test assembly.</summary>
    public static string DaemonDll { get; } = Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.dll");

    // Pid and start time: the tests dispose their Process objects, and a pid alone may be reused.
    private readonly List<(int Pid, DateTime StartTime)> _started = [];

    public string Scratch { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(environment, [], args);

    /// <param name="launcher">A command that runs the daemon (its arguments follow), e.g. env with options.</param>
    public Process Start(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> launcher, params string[] args)
    {
        var process = Process.Start(StartInfo(["-s", $"{Scratch}/plugins", "-d", $"{Scratch}/volumes", .. args], environment, launcher))!;
        _started.Add((process.Id, process.StartTime));
        return process;
    }

    /// <summary>
    /// How to run the built executable (next to the test assembly of a project that references the
    /// daemon) with these arguments, stdout and stderr redirected.
    /// </summary>
    /// <param name="launcher">A command that runs the daemon (its arguments follow), e.g. env with options.</param>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? launcher = null)
    {
        var command = (string[])[.. launcher ?? [], "dotnet", DaemonDll, "--cdi-dir=", .. args];
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in command[1..])
        {
            info.ArgumentList.Add(word);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public void Dispose()
    {
        foreach (var (pid, startTime) in _started)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.StartTime == startTime)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Exited already (the usual case).
            }
        }

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
