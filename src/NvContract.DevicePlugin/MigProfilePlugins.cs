using Microsoft.Extensions.Logging;

namespace NvContract.DevicePlugin;

/// <summary>
/// The plugins of <c>--mig-strategy mixed</c>, one per MIG profile: those of the layout at start,
/// and, once <see cref="Watch"/> is called, one for each profile that appears later, checked every
/// <see cref="PollPeriod"/>. A profile whose last instance is destroyed keeps its plugin,
/// advertising no device.
/// </summary>
/// <remarks>
/// A failure in the background (NVML cannot read the layout, a socket cannot be bound), or of
/// the layout read at start (<see cref="StartAsync()"/>), is logged
/// once while it lasts, as <c>Error: device plugin: …</c>, and retried at the next check: the
/// watch ends only when disposed, whatever fails.
/// </remarks>
/// <param name="layout">The layout reader the daemon's plugins share.</param>
/// <param name="start">Starts the plugin of a profile (its socket and registration).</param>
public sealed partial class MigProfilePlugins(DeviceLayoutSource layout, Func<string, Task<DevicePluginHost>> start, ILogger logger) : IAsyncDisposable
{
    /// <summary>How often the layout is checked for a new profile.</summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, DevicePluginHost> _hosts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;
    private string? _failure;

    /// <summary>
    /// Starts the plugins of the profiles of the layout, then <see cref="Watch"/>es. A layout that
    /// cannot be read (NVML failing as the daemon starts) stops nothing: it is logged as the watch
    /// logs a failure, and the plugins start at the first check that reads it.
    /// </summary>
    /// <exception cref="Exception">Whatever <c>start</c> throws (a socket that cannot be bound).</exception>
    public async Task StartAsync()
    {
        IReadOnlyList<string>? profiles = null;
        try
        {
            profiles = DeviceUnits.Profiles(layout.Current);
        }
        catch (Exception e) when (e is not ObjectDisposedException)
        {
            Failed(e);
        }

        if (profiles is not null)
        {
            await StartAsync(profiles);
        }

        Watch();
    }

    /// <summary>Starts a plugin for each profile of the layout that has none yet.</summary>
    /// <exception cref="Exception">Whatever reading the layout or <c>start</c> throws.</exception>
    public Task StartNewAsync() => StartAsync(DeviceUnits.Profiles(layout.Current));

    /// <summary>Checks for new profiles in the background until disposed.</summary>
    public void Watch() => _watch = Task.Run(() => WatchAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        foreach (var host in _hosts.Values)
        {
            await host.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task StartAsync(IEnumerable<string> profiles)
    {
        foreach (var profile in profiles)
        {
            if (!_hosts.ContainsKey(profile))
            {
                _hosts[profile] = await start(profile);
            }
        }
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollPeriod, stopping);
                await StartNewAsync();
                if (_failure is not null)
                {
                    LogWatchBack();
                    _failure = null;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Any failure, NVML's included: a watch that ended would leave new profiles without a plugin for good.
                Failed(e);
            }
        }
    }

    /// <summary>Logs a failure unless it is the one already logged.</summary>
    private void Failed(Exception e)
    {
        if (e.Message != _failure)
        {
            LogWatchFailed(e.Message);
            _failure = e.Message;
        }
    }

    // In the daemon's words for an error it carries on after (a generated logger refuses the "Error:" prefix).
    private void LogWatchFailed(string message) => logger.LogError("Error: device plugin: {Message}", message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device plugin: the MIG profiles are watched again")]
    private partial void LogWatchBack();
}
