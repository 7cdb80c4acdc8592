using NvContract.Core.Cdi;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Keeps the daemon's CDI spec current while it runs: written at start, then checked every
/// <see cref="Interval"/> against the host (driver files through the ld.so.cache, device nodes,
/// other specs in the folder, the MIG layout at most half a second old and its capability table)
/// and rewritten only when it changed. The GPUs themselves are discovered once per start, as
/// everywhere in the daemon; a driver upgrade on NVML restarts the
/// daemon in place (<see cref="DriverUpgradeWatch"/>), which writes the new spec at once. On a
/// graceful stop the spec is removed: nothing keeps it true once the daemon is gone.
/// </summary>
public sealed class CdiRefresh : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CdiPublisher _publisher;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _failure;

    private CdiRefresh(CdiPublisher publisher, ILogger logger)
    {
        _publisher = publisher;
        _logger = logger;
        _timer = new Timer(_ => Refresh(), null, Interval, Interval);
    }

    /// <summary>Writes the spec into <paramref name="folder"/> and starts watching; null when the folder is empty (CDI off).</summary>
    public static CdiRefresh? Start(CdiGenerator generator, string folder, ILogger logger)
    {
        if (folder.Length == 0)
        {
            return null;
        }

        var publisher = new CdiPublisher(generator, folder, logger);
        logger.LogInformation("Keeping CDI spec {Path} for {Kind} devices", publisher.SpecPath, generator.Kind);
        var refresh = new CdiRefresh(publisher, logger);

        // Guarded as every later refresh: an NVML call failing on the MIG layout at start is
        // waited out while the daemon serves, not the end of the start.
        refresh.Refresh();
        return refresh;
    }

    /// <summary>Stops watching and removes the spec (a restart in place keeps it for the next process).</summary>
    public void Stop(bool removeSpec)
    {
        // Wait for a refresh in flight, so that it cannot write the spec again after the removal.
        using (var stopped = new ManualResetEvent(false))
        {
            if (_timer.Dispose(stopped))
            {
                stopped.WaitOne();
            }
        }

        if (removeSpec)
        {
            _publisher.Remove();
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Refresh()
    {
        lock (_gate)
        {
            try
            {
                _publisher.Refresh();
                _failure = null;
            }
            catch (Exception e)
            {
                // A timer callback that throws would end the process; the daemon keeps serving instead.
                // Logged once while the same failure lasts (a GPU lost for minutes), as the publisher logs its own.
                if (e.Message != _failure)
                {
                    _failure = e.Message;
                    _logger.LogError("Error: cannot refresh the CDI spec {Path}: {Message}", _publisher.SpecPath, e.Message);
                }
            }
        }
    }
}
