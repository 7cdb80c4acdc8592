using System.Text;
using NvContract.Api.Generated;
using NvContract.Core.Health;
using NvContract.Core.Output;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/health (liveness: no driver call) and /v1.1/gpu/health, text and JSON, from the health monitor.</summary>
public sealed class HealthController(GpuHealthMonitor health) : HealthControllerBase
{
    private static readonly byte[] Alive = "ok\n"u8.ToArray();

    private Cached? _text;
    private Cached? _json;

    public override Task<IResult> GetLiveness(CancellationToken cancellationToken) => new EncodedBody(Alive, EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuHealth(CancellationToken cancellationToken) =>
        new EncodedBody(Body(ref _text, s => Encoding.UTF8.GetBytes(GpuHealthText.Format(s))), EncodedBody.Text).AsTask();

    public override Task<IResult> GetGpuHealthJson(CancellationToken cancellationToken) =>
        new EncodedBody(Body(ref _json, s => JsonLine.Serialize(ToGpuHealth(s), V1Json.Types.GpuHealth)), EncodedBody.Json).AsTask();

    public static Api.Generated.GpuHealth ToGpuHealth(HealthSnapshot snapshot) => new()
    {
        Devices = snapshot.Gpus.Select(g => new DeviceHealth
        {
            Index = g.Index,
            UUID = g.Uuid,
            State = g.State.ToString(),
            Reason = g.Reason,
            LastXid = g.LastXid,
            LastXidTime = g.LastXidAt,
            RecoveryAction = g.RecoveryAction,
            Action = g.RecommendedAction,
            Watched = g.Watched,
            Xids = g.Xids.Select(x => new Api.Generated.XidCount { Xid = x.Xid, Action = x.Action.Name(), Count = x.Count }).ToList(),
        }).ToList(),
    };

    // Bodies change only with the snapshot's version.
    private byte[] Body(ref Cached? slot, Func<HealthSnapshot, byte[]> encode)
    {
        var snapshot = health.Snapshot;
        var cached = Volatile.Read(ref slot);
        if (cached is not null && cached.Version == snapshot.Version)
        {
            return cached.Bytes;
        }

        var bytes = encode(snapshot);
        Volatile.Write(ref slot, new Cached(snapshot.Version, bytes));
        return bytes;
    }

    private sealed record Cached(long Version, byte[] Bytes);
}
