namespace NvContract.Daemon.Hosting;

/// <summary>
/// Watches the loaded kernel module's version (<c>/sys/module/nvidia/version</c>). NVML cannot be
/// reloaded inside a running process (its entry points are bound once), so when an upgrade
/// replaces the module the daemon restarts itself in place, the same process id and arguments,
/// and comes back on the new driver's NVML: new volumes get the new version while the old
/// volumes stay on disk, mountable until removed. v1 needed an operator to restart it.
/// </summary>
public sealed class DriverUpgradeWatch : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly string _file;
    private readonly string _loaded;
    private readonly ILogger _logger;
    private readonly Action _restart;
    private readonly Timer _timer;

    private DriverUpgradeWatch(string file, string loaded, ILogger logger, Action restart)
    {
        _file = file;
        _loaded = loaded;
        _logger = logger;
        _restart = restart;
        _timer = new Timer(_ => Check(), null, Interval, Interval);
    }

    /// <summary>Starts watching; null when the host shows no module version (no driver, or a container without /sys).</summary>
    public static DriverUpgradeWatch? Start(string sysRoot, ILogger logger, Action restart)
    {
        var file = Path.Join(sysRoot, "sys", "module", "nvidia", "version");
        return Read(file) is { } loaded ? new DriverUpgradeWatch(file, loaded, logger, restart) : null;
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        var now = Read(_file);
        if (now is null || now == _loaded)
        {
            // Missing while the installer swaps modules: wait for the new one.
            return;
        }

        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        _logger.LogInformation("Driver upgraded from {Old} to {New}: restarting to load its management library", _loaded, now);
        _restart();
    }

    private static string? Read(string file)
    {
        try
        {
            var text = File.ReadAllText(file).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
