using System.Text;
using NvContract.Core.Metrics;

namespace NvContract.Core.Tests.Metrics;

public class MetricNamingTests
{
    [Theory]
    [InlineData("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION_total")]
    [InlineData("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "DCGM_FI_DEV_PCIE_REPLAY_total")]
    [InlineData("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "counter", "DCGM_FI_DEV_ECC_SBE_VOL_total")]
    [InlineData("xid_events_total", "counter", "xid_events_total")]
    [InlineData("DCGM_FI_DEV_GPU_TEMP", "gauge", "DCGM_FI_DEV_GPU_TEMP")]
    public void PrometheusName_CountersEndInTotal_GaugesKeepTheirName(string name, string type, string expected)
    {
        Assert.Equal(expected, MetricNamings.PrometheusName(name, type));
    }

    [Fact]
    public void Writer_PrometheusNaming_NamesHeaderAndSamplesAlike()
    {
        var writer = new ExpositionWriter(MetricNaming.Prometheus);

        writer.Sample(MetricFamily.Counter("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "Retries."), ExpositionWriter.Labels(("gpu", "0")), 3);

        Assert.Equal(
            "# HELP DCGM_FI_DEV_PCIE_REPLAY_total Retries.\n# TYPE DCGM_FI_DEV_PCIE_REPLAY_total counter\nDCGM_FI_DEV_PCIE_REPLAY_total{gpu=\"0\"} 3\n",
            Encoding.UTF8.GetString(writer.Written));
    }

    [Fact]
    public void Writer_DcgmNaming_KeepsDcgmExportersName()
    {
        var writer = new ExpositionWriter();

        writer.Sample(MetricFamily.Counter("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "Retries."), [], 3);

        Assert.EndsWith("\nDCGM_FI_DEV_PCIE_REPLAY_COUNTER 3\n", Encoding.UTF8.GetString(writer.Written));
    }

    [Theory]
    [InlineData(MetricNaming.Dcgm, "modelName=\"NVIDIA H100\"")]
    [InlineData(MetricNaming.Prometheus, "model_name=\"NVIDIA H100\"")]
    public void Labels_ModelLabel_FollowsTheNaming(MetricNaming naming, string expected)
    {
        var device = new Core.Gpu.GpuDevice { Uuid = "GPU-1", Model = "NVIDIA H100", Minor = 0, Pci = new Core.Gpu.GpuPci("00000000:01:00.0", null, null) };

        var labels = GpuLabels.For([device], "host", "550.54.15", naming);

        Assert.Contains(expected, Encoding.UTF8.GetString(labels[0].Dcgm));
    }

    [Fact]
    public void Parse_UnknownNaming_NamesTheFlagAndTheChoices()
    {
        var e = Assert.Throws<FormatException>(() => MetricNamings.Parse("otel"));
        Assert.Equal("invalid value \"otel\" for flag -metrics-naming: expected dcgm or prometheus", e.Message);
    }
}
