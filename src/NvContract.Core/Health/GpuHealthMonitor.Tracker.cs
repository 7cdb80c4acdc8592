namespace NvContract.Core.Health;

public sealed partial class GpuHealthMonitor
{
    private enum WatchStatus { Starting, Watching, Unwatched, Failed }

    /// <summary>One GPU's inputs; guarded by the monitor's lock.</summary>
    private sealed class Tracker(int index, string uuid)
    {
        private readonly Dictionary<(int Xid, XidAction Action, MigInstance? Instance), long> _counts = [];

        public int Index { get; } = index;

        public string Uuid { get; } = uuid;

        public GpuHealthState XidState { get; set; } = GpuHealthState.Healthy;

        public string XidReason { get; set; } = "";

        public int? LastXid { get; set; }

        public DateTimeOffset? LastXidAt { get; set; }

        /// <summary>When the last Xid that changes health arrived (a TimeProvider timestamp).</summary>
        public long LastCountedAt { get; set; }

        public ITimer? QuietTimer { get; set; }

        public long? RecoveryAction { get; set; }

        public string? LostReason { get; set; }

        public WatchStatus Watch { get; set; } = WatchStatus.Starting;

        public string WatchReason { get; set; } = "health watch starting";

        /// <summary>The state last logged; null before the first.</summary>
        public GpuHealthState? Reported { get; set; }

        public void Count(int xid, XidAction action, MigInstance? instance) =>
            _counts[(xid, action, instance)] = _counts.GetValueOrDefault((xid, action, instance)) + 1;

        public XidCount[] Counts() =>
            _counts.OrderBy(c => c.Key.Xid).ThenBy(c => c.Key.Action)
                .ThenBy(c => c.Key.Instance?.GpuInstanceId ?? uint.MaxValue).ThenBy(c => c.Key.Instance?.ComputeInstanceId ?? uint.MaxValue)
                .Select(c => new XidCount(c.Key.Xid, c.Key.Action, c.Value) { Instance = c.Key.Instance }).ToArray();

        /// <summary>What the events asked for is done (the counts stay: they are history).</summary>
        public void ClearEvents()
        {
            XidState = GpuHealthState.Healthy;
            XidReason = "";
            LostReason = null;
            QuietTimer?.Dispose();
            QuietTimer = null;
        }

        public (GpuHealthState State, string Reason) Evaluate()
        {
            var (state, reason) = (GpuHealthState.Healthy, "");
            if (LostReason is not null)
            {
                (state, reason) = (GpuHealthState.Lost, LostReason);
            }
            else
            {
                var byAction = RecoveryAction is { } a ? Health.RecoveryAction.State(a) : GpuHealthState.Healthy;
                if (XidState != GpuHealthState.Healthy && XidState >= byAction)
                {
                    (state, reason) = (XidState, XidReason);
                }
                else if (byAction != GpuHealthState.Healthy)
                {
                    (state, reason) = (byAction, $"NVML recovery action {Health.RecoveryAction.Name(RecoveryAction!.Value)}");
                }
            }

            if (state != GpuHealthState.Healthy)
            {
                return (state, reason);
            }

            return Watch switch
            {
                WatchStatus.Starting or WatchStatus.Failed => (GpuHealthState.Unknown, WatchReason),
                _ => (GpuHealthState.Healthy, WatchReason),
            };
        }
    }
}
