using NvContract.Core.Health;
using NvContract.Core.Mig;

namespace NvContract.Core.Gpu;

/// <summary>
/// The one seam between the daemon and whatever knows the GPUs: NVML on a real host,
/// a profile when simulated. Everything the REST API and the plugin print comes through it.
/// </summary>
/// <remarks>
/// Errors other than "not supported" surface as exceptions; the daemon turns them into
/// v1's fatal start-up error or an HTTP 500 during a request. Unsupported values are nulls.
/// </remarks>
public interface IGpuSource : IDisposable
{
    /// <summary>Devices in NVML index order, discovered once when the source was opened.</summary>
    IReadOnlyList<GpuDevice> Devices { get; }

    /// <summary>
    /// The MIG devices of every GPU in MIG mode, by parent index, then position. Unlike
    /// <see cref="Devices"/> this follows the layout while the daemon runs: a read is at most
    /// <see cref="MigLayoutMaxAge"/> old, and each one is a new list when the layout changed.
    /// A source without MIG has none.
    /// </summary>
    IReadOnlyList<MigDevice> MigDevices => [];

    /// <summary>
    /// Whether the GPU at <paramref name="index"/> is in MIG mode; null when the driver cannot tell.
    /// Read with the layout of <see cref="MigDevices"/>, so as fresh as that and consistent with it.
    /// </summary>
    bool? IsMigEnabled(int index) => null;

    /// <summary>
    /// Live status of a MIG device; <see cref="MigStatus.Unknown"/> when the instance is gone (the
    /// layout changed since <paramref name="mig"/> was listed) or the source reports none.
    /// </summary>
    MigStatus GetMigStatus(MigDevice mig) => MigStatus.Unknown;

    /// <summary>How old a <see cref="MigDevices"/> read may be: the cheap poll that sees layout changes.</summary>
    static TimeSpan MigLayoutMaxAge => TimeSpan.FromMilliseconds(500);

    /// <summary>Driver and CUDA versions, read live: a driver upgrade must be seen without a restart.</summary>
    DriverVersions GetVersions();

    /// <summary>Live status of the device at <paramref name="index"/> in <see cref="Devices"/>.</summary>
    GpuStatus GetStatus(int index);

    /// <summary>
    /// Live values of the device at <paramref name="index"/> that only metrics report; a source
    /// that knows none of them reports <see cref="GpuTelemetry.Unknown"/>.
    /// </summary>
    GpuTelemetry GetTelemetry(int index) => GpuTelemetry.Unknown;

    /// <summary>
    /// Starts reporting the GPUs' health events to <paramref name="monitor"/> until the result is
    /// disposed. A source without events reports every GPU unwatched.
    /// </summary>
    IDisposable WatchHealth(GpuHealthMonitor monitor)
    {
        for (var i = 0; i < Devices.Count; i++)
        {
            monitor.Unwatched(i, "the GPU source reports no events");
        }

        return NoWatch.Instance;
    }
}

/// <summary>A health watch with nothing to stop.</summary>
internal sealed class NoWatch : IDisposable
{
    public static readonly NoWatch Instance = new();

    public void Dispose()
    {
    }
}
