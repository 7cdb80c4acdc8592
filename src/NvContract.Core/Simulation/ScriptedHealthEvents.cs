using NvContract.Core.Health;

namespace NvContract.Core.Simulation;

/// <summary>A profile's health events, each played once by a timer at its time; disposing stops those not played yet.</summary>
internal sealed class ScriptedHealthEvents : IDisposable
{
    private readonly List<ITimer> _timers;

    public ScriptedHealthEvents(IEnumerable<SimulatedHealthEvent> events, GpuHealthMonitor monitor, TimeProvider time) =>
        _timers = events.Select(e => time.CreateTimer(_ => Play(e, monitor), null, TimeSpan.FromSeconds(e.AtSeconds), Timeout.InfiniteTimeSpan)).ToList();

    public void Dispose() => _timers.ForEach(t => t.Dispose());

    // In the order the driver would report them: what the event set says, then the recovery action read after it.
    private static void Play(SimulatedHealthEvent e, GpuHealthMonitor monitor)
    {
        if (e.Xid is { } xid)
        {
            monitor.Xid(e.Gpu, xid);
        }

        if (e.Lost)
        {
            monitor.Lost(e.Gpu, "NVML reports the GPU lost");
        }

        if (e.Reset)
        {
            monitor.ResetSeen(e.Gpu);
        }

        if (e.RecoveryAction is { } action)
        {
            monitor.RecoveryActionRead(e.Gpu, action);
        }
    }
}
