using NvContract.Core.Health;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Events;

/// <summary>
/// Watches NVML's events for the health monitor: one event set and one thread per GPU, so a
/// failure is scoped to the GPU it happened on. It registers Xid critical errors, GPU-unavailable
/// and recovery-action events (those the GPU supports), waits with a timeout, and reads NVML's
/// recovery action at start, after every event, and while it asks for something (older drivers
/// have no event for it changing back). A failed registration or wait makes that GPU Unknown and
/// is retried with a growing delay; a lost GPU is probed until it answers again (a reset).
/// </summary>
internal sealed class NvmlHealthWatcher : IDisposable
{
    /// <summary>The events health acts on; double-bit ECC errors arrive as Xid 48 as well.</summary>
    internal const ulong WantedEvents = NvmlNative.nvmlEventTypeXidCriticalError | NvmlNative.nvmlEventTypeGpuUnavailableError | NvmlNative.nvmlEventTypeGpuRecoveryAction;

    private static readonly uint[] RecoveryField = [NvmlNative.NVML_FI_DEV_GET_GPU_RECOVERY_ACTION];
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly GpuHealthMonitor _monitor;
    private readonly uint _waitMs;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;

    /// <param name="wait">How long one wait blocks: the longest a stop waits, and how often a pending recovery action is read.</param>
    public NvmlHealthWatcher(IReadOnlyList<NvmlDevice> devices, GpuHealthMonitor monitor, TimeSpan wait)
    {
        _monitor = monitor;
        _waitMs = (uint)wait.TotalMilliseconds;
        _threads = devices.Select((device, i) => new Thread(() => Watch(i, device)) { IsBackground = true, Name = $"nvml-events-{i}" }).ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _stop.Dispose();
    }

    private void Watch(int gpu, NvmlDevice device)
    {
        var retry = FirstRetry;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                WatchOnce(gpu, device);
                return;
            }
            catch (NvmlException e) when (e.Result == NvmlReturn.GpuIsLost)
            {
                _monitor.Lost(gpu, "NVML reports the GPU lost");
                WaitUntilAnswers(gpu, device);
                retry = FirstRetry;
            }
            catch (NvmlException e)
            {
                _monitor.WatchFailed(gpu, e.Message);
                _stop.Token.WaitHandle.WaitOne(retry);
                retry = retry * 2 < LastRetry ? retry * 2 : LastRetry;
            }
        }
    }

    private void WatchOnce(int gpu, NvmlDevice device)
    {
        using var events = NvmlEventSet.Create();
        var types = (long)(device.GetSupportedEventTypes() & WantedEvents);
        if (types == 0 || !events.Register(device, types))
        {
            _monitor.Unwatched(gpu, "the GPU reports no Xid events; its health follows NVML's recovery action alone");
            PollRecoveryAction(gpu, device);
            return;
        }

        _monitor.Watching(gpu);
        var action = ReadRecoveryAction(gpu, device);
        while (!_stop.IsCancellationRequested)
        {
            if (events.Wait(_waitMs) is not { } e)
            {
                if (action is > 0)
                {
                    action = ReadRecoveryAction(gpu, device);
                }

                continue;
            }

            if ((e.EventType & (long)NvmlNative.nvmlEventTypeXidCriticalError) != 0)
            {
                // 0xFFFFFFFF: the driver attributes the Xid to no MIG instance.
                var instance = e.GpuInstanceId != uint.MaxValue ? new MigInstance(e.GpuInstanceId, e.ComputeInstanceId) : null;
                _monitor.Xid(gpu, (int)e.EventData, instance, instance is null && device.GetMigMode() == true);
            }

            if ((e.EventType & (long)NvmlNative.nvmlEventTypeGpuUnavailableError) != 0)
            {
                throw NvmlStatus.Failure(nvmlReturn_t.NVML_ERROR_GPU_IS_LOST, nameof(NvmlNative.nvmlEventSetWait_v2));
            }

            action = ReadRecoveryAction(gpu, device);
        }
    }

    private void PollRecoveryAction(int gpu, NvmlDevice device)
    {
        while (!_stop.IsCancellationRequested && ReadRecoveryAction(gpu, device) is not null)
        {
            _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(_waitMs));
        }
    }

    /// <summary>Probes the GPU until it answers; then it was reset (or came back) and its events are watched again.</summary>
    private void WaitUntilAnswers(int gpu, NvmlDevice device)
    {
        while (!_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(_waitMs)))
        {
            try
            {
                device.GetFieldValues(RecoveryField);
                _monitor.ResetSeen(gpu);
                return;
            }
            catch (NvmlException e) when (e.Result == NvmlReturn.GpuIsLost)
            {
            }
        }
    }

    /// <summary>Reads and reports the recovery action; null where NVML cannot report it.</summary>
    private long? ReadRecoveryAction(int gpu, NvmlDevice device)
    {
        var action = device.GetFieldValues(RecoveryField)[0];
        if (action is { } a)
        {
            _monitor.RecoveryActionRead(gpu, a);
        }

        return action;
    }
}
