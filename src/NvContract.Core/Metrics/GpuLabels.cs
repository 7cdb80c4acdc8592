using System.Globalization;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;

namespace NvContract.Core.Metrics;

/// <summary>
/// A GPU's label sets, encoded once: dcgm-exporter's (so its dashboards and alerts work
/// unchanged) and a short one (<c>gpu</c>, <c>UUID</c>) for the families of our own.
/// </summary>
public sealed class GpuLabels
{
    private GpuLabels(byte[] dcgm, byte[] identity)
    {
        Dcgm = dcgm;
        Identity = identity;
    }

    /// <summary><c>gpu, UUID, pci_bus_id, device, modelName, Hostname, DCGM_FI_DRIVER_VERSION</c> (<c>model_name</c> under <see cref="MetricNaming.Prometheus"/>).</summary>
    public byte[] Dcgm { get; }

    /// <summary><c>gpu, UUID</c>.</summary>
    public byte[] Identity { get; }

    /// <summary>The label sets of every device, in NVML index order.</summary>
    /// <param name="driverVersion">The driver's version; empty when it could not be read.</param>
    /// <param name="naming">Names the model label (<see cref="MetricNamings.ModelLabel"/>).</param>
    public static GpuLabels[] For(IReadOnlyList<GpuDevice> devices, string hostname, string driverVersion, MetricNaming naming = MetricNaming.Dcgm) =>
        devices.Select((d, i) =>
        {
            var gpu = i.ToString(CultureInfo.InvariantCulture);
            return new GpuLabels(
                ExpositionWriter.Labels(
                    ("gpu", gpu),
                    ("UUID", d.Uuid),
                    ("pci_bus_id", d.Pci.BusId),
                    ("device", $"nvidia{d.Minor}"),
                    (MetricNamings.ModelLabel(naming), d.Model ?? ""),
                    ("Hostname", hostname),
                    ("DCGM_FI_DRIVER_VERSION", driverVersion)),
                ExpositionWriter.Labels(("gpu", gpu), ("UUID", d.Uuid)));
        }).ToArray();

    /// <summary>
    /// A MIG device's dcgm-exporter labels: its GPU's, then <c>GPU_I_PROFILE</c> and <c>GPU_I_ID</c>
    /// (dcgm-exporter's names; <c>UUID</c> stays the GPU's, as there).
    /// </summary>
    public static byte[] ForMig(GpuLabels gpu, MigDevice mig) =>
        ExpositionWriter.Join(gpu.Dcgm, ExpositionWriter.Labels(
            ("GPU_I_PROFILE", mig.Profile ?? ""),
            ("GPU_I_ID", mig.GpuInstanceId.ToString(CultureInfo.InvariantCulture))));
}
