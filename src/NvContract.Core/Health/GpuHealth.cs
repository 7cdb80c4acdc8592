namespace NvContract.Core.Health;

/// <summary>One GPU's health as the REST API, the metrics and the device plugin report it.</summary>
/// <param name="Index">The NVML index.</param>
/// <param name="Reason">Why the GPU is in <paramref name="State"/>; empty when Healthy with nothing to say.</param>
/// <param name="LastXid">The last Xid seen since start-up (ignored ones included); null before any.</param>
/// <param name="LastXidAt">When <paramref name="LastXid"/> was reported.</param>
/// <param name="RecoveryAction">NVML's recovery action at its last reading; null where NVML cannot report it.</param>
/// <param name="Watched">Whether the GPU's events are being watched (false: no events, or none supported).</param>
/// <param name="Xids">How often each Xid was seen since start-up, with the action the policy gave it.</param>
public sealed record GpuHealth(
    int Index,
    string Uuid,
    GpuHealthState State,
    string Reason,
    int? LastXid,
    DateTimeOffset? LastXidAt,
    long? RecoveryAction,
    bool Watched,
    IReadOnlyList<XidCount> Xids)
{
    /// <summary>What an operator should do now.</summary>
    public string RecommendedAction => State.RecommendedAction();
}

/// <param name="Action">The action the policy gave the Xid when it was counted.</param>
public sealed record XidCount(int Xid, XidAction Action, long Count)
{
    /// <summary>The MIG instance the driver attributed these Xids to; null for the whole GPU.</summary>
    public MigInstance? Instance { get; init; }
}

/// <summary>A MIG device by the ids an event carries: its GPU instance and compute instance.</summary>
public sealed record MigInstance(uint GpuInstanceId, uint ComputeInstanceId);

/// <summary>Every GPU's health at one moment; <paramref name="Version"/> grows with every change.</summary>
public sealed record HealthSnapshot(long Version, IReadOnlyList<GpuHealth> Gpus);
