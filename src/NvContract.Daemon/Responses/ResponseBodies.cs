using System.Text;
using NvContract.Core.Gpu;
using NvContract.Core.Mesos;
using NvContract.Core.Mig;
using NvContract.Core.Output;

namespace NvContract.Daemon.Responses;

/// <summary>
/// The encoded bodies of the GPU routes, kept as long as their inputs are unchanged: info bodies
/// until the driver or CUDA version changes, status bodies for as long as the shared status sample
/// lives. Devices never change after discovery, so nothing else can make a body stale. The v1.1
/// bodies carry MIG devices, whose layout changes at run time: they are encoded on every request
/// (the layout itself is read at most every half second).
/// </summary>
public sealed class ResponseBodies(IGpuSource gpus, GpuStatusSampler statuses)
{
    private Cached<DriverVersions>? _infoText;
    private Cached<DriverVersions>? _infoJson;
    private Cached<DriverVersions>? _mesos;
    private Cached<IReadOnlyList<GpuStatus>>? _statusText;
    private Cached<IReadOnlyList<GpuStatus>>? _statusJson;

    public byte[] InfoText() => ByVersions(ref _infoText, gpus.GetVersions(), v => Encoding.UTF8.GetBytes(GpuInfoText.Format(v, gpus.Devices)));

    public byte[] InfoJson() => InfoJson(gpus.GetVersions());

    // Mesos carries the exact /gpu/info/json body: the same cached bytes, one driver query.
    public byte[] MesosCli() => ByVersions(ref _mesos, gpus.GetVersions(), v =>
        Encoding.UTF8.GetBytes(MesosArguments.Format(InfoJson(v), gpus.Devices.Select(d => d.Uuid))));

    public byte[] StatusText() => BySample(ref _statusText, s => Encoding.UTF8.GetBytes(GpuStatusText.Format(gpus.Devices, s)));

    public byte[] StatusJson() => BySample(ref _statusJson, s => JsonLine.Serialize(ApiMapping.ToGpuStatus(s), V1Json.Types.GpuStatus));

    public byte[] InfoTextV11() => Encoding.UTF8.GetBytes(MigText.FormatInfo(gpus.GetVersions(), gpus.Devices, MigModes(), gpus.MigDevices));

    public byte[] InfoJsonV11() =>
        JsonLine.Serialize(ApiMapping.ToGpuInfoV11(gpus.GetVersions(), gpus.Devices, MigModes(), gpus.MigDevices), V1Json.Types.GpuInfoV11);

    public byte[] StatusTextV11() => Encoding.UTF8.GetBytes(MigText.FormatStatus(gpus.Devices, statuses.Read(), MigStatuses()));

    public byte[] StatusJsonV11() => JsonLine.Serialize(ApiMapping.ToGpuStatusV11(statuses.Read(), MigStatuses()), V1Json.Types.GpuStatusV11);

    private bool?[] MigModes() => Enumerable.Range(0, gpus.Devices.Count).Select(gpus.IsMigEnabled).ToArray();

    private (MigDevice, MigStatus)[] MigStatuses() => gpus.MigDevices.Select(m => (m, gpus.GetMigStatus(m))).ToArray();

    private byte[] InfoJson(DriverVersions versions) =>
        ByVersions(ref _infoJson, versions, v => JsonLine.Serialize(ApiMapping.ToGpuInfo(v, gpus.Devices), V1Json.Types.GpuInfo));

    private static byte[] ByVersions(ref Cached<DriverVersions>? slot, DriverVersions versions, Func<DriverVersions, byte[]> encode)
    {
        var cached = Volatile.Read(ref slot);
        if (cached is not null && cached.Key.Equals(versions))
        {
            return cached.Body;
        }

        var body = encode(versions);
        Volatile.Write(ref slot, new Cached<DriverVersions>(versions, body));
        return body;
    }

    private byte[] BySample(ref Cached<IReadOnlyList<GpuStatus>>? slot, Func<IReadOnlyList<GpuStatus>, byte[]> encode)
    {
        var sample = statuses.Read();
        var cached = Volatile.Read(ref slot);
        if (cached is not null && ReferenceEquals(cached.Key, sample))
        {
            return cached.Body;
        }

        var body = encode(sample);
        Volatile.Write(ref slot, new Cached<IReadOnlyList<GpuStatus>>(sample, body));
        return body;
    }

    private sealed record Cached<TKey>(TKey Key, byte[] Body);
}
