using Microsoft.Extensions.Logging;

namespace NvContract.Core.Health;

/// <summary>
/// The health state machine of every GPU, fed by whoever watches the driver's events (the NVML
/// event watcher, or a simulation's script) and read by the REST API, the metrics and the device
/// plugin, so all of them say the same.
/// </summary>
/// <remarks>
/// A GPU's state is the worst of: what its Xids asked for (per the <see cref="XidPolicy"/>), what
/// NVML's recovery action asks for, and whether NVML reported it lost. It recovers when the
/// recovery action reads NONE again after asking for something, when a reset is seen, or (for
/// what Xids asked) after <c>quietPeriod</c> without another Xid that counts. While its event
/// watch is down a GPU that would be Healthy is Unknown: never silently Healthy, and never
/// another GPU's problem. Every change of state is logged once.
/// </remarks>
public sealed partial class GpuHealthMonitor : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Tracker[] _gpus;
    private readonly XidPolicy _policy;
    private readonly TimeSpan _quietPeriod;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private HealthSnapshot _snapshot;

    /// <param name="uuids">The GPUs in NVML index order.</param>
    /// <param name="quietPeriod">How long without a counting Xid clears what Xids asked for; zero never does.</param>
    public GpuHealthMonitor(IReadOnlyList<string> uuids, XidPolicy policy, TimeSpan quietPeriod, ILogger logger, TimeProvider? time = null)
    {
        _gpus = uuids.Select((uuid, i) => new Tracker(i, uuid)).ToArray();
        _policy = policy;
        _quietPeriod = quietPeriod;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _snapshot = new HealthSnapshot(0, _gpus.Select(Read).ToArray());
    }

    public XidPolicy Policy => _policy;

    /// <summary>The current health of every GPU; the same object until something changes.</summary>
    public HealthSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The GPU reported an Xid (an NVML Xid critical error event).</summary>
    public void Xid(int gpu, int xid) => Xid(gpu, xid, instance: null, inMigMode: false);

    /// <summary>
    /// The GPU reported an Xid, attributed by the driver to the MIG <paramref name="instance"/>, or
    /// to none (null). A GPU in MIG mode whose event carries no instance ids (the driver reports
    /// them only to privileged watchers) gets an Xid that cannot be attributed to a MIG device:
    /// that is logged and said in the reason. Health stays per GPU: a MIG device's health is its GPU's.
    /// </summary>
    public void Xid(int gpu, int xid, MigInstance? instance, bool inMigMode)
    {
        if (instance is null && inMigMode)
        {
            _logger.LogWarning("Xid {Xid} on GPU {Gpu}, which is in MIG mode, carries no MIG instance ids: it cannot be attributed to a MIG device and counts for the whole GPU", xid, gpu);
        }

        lock (_gate)
        {
            var t = _gpus[gpu];
            var rule = _policy.For(xid);
            var now = _time.GetUtcNow();
            t.Count(xid, rule.Action, instance);
            t.LastXid = xid;
            t.LastXidAt = now;
            if (rule.Action != XidAction.Ignore)
            {
                var state = rule.Action.State();
                if (state >= t.XidState)
                {
                    t.XidState = state;
                    t.XidReason = Describe(xid, rule) + Where(instance, inMigMode);
                }

                ArmQuietTimer(t);
            }

            Changed(t, $"{Describe(xid, rule)}{Where(instance, inMigMode)} at {now:yyyy-MM-ddTHH:mm:ssZ}, action {rule.Action.Name()}");
        }
    }

    /// <summary>NVML's recovery action read <paramref name="action"/> (see <see cref="RecoveryAction"/>).</summary>
    public void RecoveryActionRead(int gpu, long action)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            var previous = t.RecoveryAction;
            if (previous == action)
            {
                return;
            }

            t.RecoveryAction = action;
            if (action == RecoveryAction.None && previous is { } p && p != RecoveryAction.None)
            {
                t.ClearEvents();
                Changed(t, "NVML recovery action reads NONE again");
            }
            else
            {
                Changed(t, $"NVML recovery action {RecoveryAction.Name(action)}");
            }
        }
    }

    /// <summary>The GPU was reset (a counter only a reset clears went back): what its events asked for is done.</summary>
    public void ResetSeen(int gpu)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            t.ClearEvents();
            Changed(t, "GPU reset seen");
        }
    }

    /// <summary>NVML reported the GPU lost (NVML_ERROR_GPU_IS_LOST, or a GPU-unavailable event).</summary>
    public void Lost(int gpu, string reason)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            t.LostReason = reason;
            Changed(t, reason);
        }
    }

    /// <summary>The GPU's events are being watched (again).</summary>
    public void Watching(int gpu)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            var restored = t.Watch == WatchStatus.Failed;
            t.Watch = WatchStatus.Watching;
            t.WatchReason = "";
            Changed(t, restored ? "event watch restored" : "event watch started");
        }
    }

    /// <summary>The GPU reports no events the daemon can watch; its health follows the recovery action alone.</summary>
    public void Unwatched(int gpu, string reason)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            t.Watch = WatchStatus.Unwatched;
            t.WatchReason = reason;
            Changed(t, reason);
        }
    }

    /// <summary>Watching the GPU's events failed; the watcher retries and calls <see cref="Watching"/> once it works.</summary>
    public void WatchFailed(int gpu, string error)
    {
        lock (_gate)
        {
            var t = _gpus[gpu];
            t.Watch = WatchStatus.Failed;
            t.WatchReason = $"event watch failed: {error}; retrying";
            Changed(t, t.WatchReason);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var t in _gpus)
            {
                t.QuietTimer?.Dispose();
                t.QuietTimer = null;
            }
        }
    }

    private void ArmQuietTimer(Tracker t)
    {
        if (_quietPeriod <= TimeSpan.Zero)
        {
            return;
        }

        t.LastCountedAt = _time.GetTimestamp();
        t.QuietTimer?.Dispose();
        t.QuietTimer = _time.CreateTimer(_ => Quiet(t), null, _quietPeriod, Timeout.InfiniteTimeSpan);
    }

    private void Quiet(Tracker t)
    {
        lock (_gate)
        {
            // A later Xid re-armed the timer; this callback may have been on its way already.
            if (_time.GetElapsedTime(t.LastCountedAt) < _quietPeriod || t.XidState == GpuHealthState.Healthy)
            {
                return;
            }

            t.XidState = GpuHealthState.Healthy;
            t.XidReason = "";
            Changed(t, $"no Xid for {_quietPeriod}");
        }
    }

    private static string Where(MigInstance? instance, bool inMigMode) => instance switch
    {
        { } i => $" on MIG instance GI {i.GpuInstanceId} CI {i.ComputeInstanceId}",
        null when inMigMode => " (not attributable to a MIG device)",
        _ => "",
    };

    private static string Describe(int xid, XidRule rule) =>
        rule.Description.Length == 0 || rule.Xid is null ? $"Xid {xid}" : $"Xid {xid} ({rule.Description})";

    /// <summary>Publishes a new snapshot and logs a change of state; call with the lock held.</summary>
    private void Changed(Tracker t, string cause)
    {
        var health = Read(t);
        var snapshot = Volatile.Read(ref _snapshot);
        var gpus = snapshot.Gpus.ToArray();
        gpus[t.Index] = health;
        Volatile.Write(ref _snapshot, new HealthSnapshot(snapshot.Version + 1, gpus));

        var first = t.Reported is null;
        if (health.State == t.Reported || (first && health.State == GpuHealthState.Healthy && t.Watch != WatchStatus.Starting))
        {
            t.Reported = health.State;
            return;
        }

        if (first)
        {
            LogState(t.Index, t.Uuid, health.State, cause, health.RecommendedAction);
        }
        else
        {
            LogTransition(t.Index, t.Uuid, t.Reported!.Value, health.State, cause, health.RecommendedAction);
        }

        t.Reported = health.State;
    }

    private static GpuHealth Read(Tracker t)
    {
        var (state, reason) = t.Evaluate();
        return new GpuHealth(t.Index, t.Uuid, state, reason, t.LastXid, t.LastXidAt, t.RecoveryAction, t.Watch == WatchStatus.Watching, t.Counts());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU {Index} ({Uuid}) health: {State}: {Cause}; recommended action {Action}")]
    private partial void LogState(int index, string uuid, GpuHealthState state, string cause, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU {Index} ({Uuid}) health: {From} -> {To}: {Cause}; recommended action {Action}")]
    private partial void LogTransition(int index, string uuid, GpuHealthState from, GpuHealthState to, string cause, string action);
}
