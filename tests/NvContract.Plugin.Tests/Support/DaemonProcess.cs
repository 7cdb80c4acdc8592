using System.Diagnostics;
using System.Text;
using NvContract.Testing;

namespace NvContract.Plugin.Tests.Support;

/// <summary>The built <c>nvidia-docker-plugin</c> executable, running, with its stderr log kept.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static DaemonProcess Start(params string[] arguments)
    {
        return new DaemonProcess(Process.Start(DaemonLauncher.StartInfo(arguments))!);
    }

    /// <summary>Waits until the daemon's log shows <paramref name="line"/>.</summary>
    public async Task WaitForLogAsync(string line, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Log.Contains(line, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"the daemon exited early:\n{Log}");
            Assert.True(DateTime.UtcNow < deadline, $"'{line}' not logged in time:\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the daemon to exit on its own; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd would stop it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Assert.Equal(0, Signals.Send(_process.Id, Signals.Terminate));
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
