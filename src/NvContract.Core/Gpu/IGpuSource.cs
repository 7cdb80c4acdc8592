using NvContract.Core.Health;

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
