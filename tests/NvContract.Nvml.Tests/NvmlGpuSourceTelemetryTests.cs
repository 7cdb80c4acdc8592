using NvContract.Core.Gpu;
using NvContract.Nvml.Tests.Fakes;

namespace NvContract.Nvml.Tests;

[Collection(NvmlCollection.Name)]
public sealed class NvmlGpuSourceTelemetryTests
{
    // Field values, power, energy, memory v2, replay counter, 4 ECC totals, remapped rows.
    private const int CallsPerDevice = 10;

    [Fact]
    public void GetTelemetry_DefaultMachine_ReadsWhatMetricsNeed()
    {
        using var source = FakeNvml.Open("default");

        var telemetry = source.GetTelemetry(2);

        Assert.Equal(102999, telemetry.PowerMilliwatts);
        Assert.Equal(5000002000, telemetry.EnergyMillijoules);
        Assert.Equal(42, telemetry.MemoryTemperatureC);
        // 81559 MiB in all, 502 reserved, 3079 used by allocations (as the v1 call reports).
        Assert.Equal(new GpuFramebuffer(81559 - 502 - 3079, 3079, 502), telemetry.Framebuffer);
        Assert.Equal(6, telemetry.PcieReplays);
        Assert.Equal(new GpuEccTotals(12, 6, 1012, 106), telemetry.Ecc);
        Assert.Equal(new GpuRemappedRows(2, 1, false, false), telemetry.RemappedRows);
    }

    [Fact]
    public void GetTelemetry_UncorrectedTotals_AreTheSumOfTheStatusLocations()
    {
        using var source = FakeNvml.Open("default");

        var status = source.GetStatus(3);
        var telemetry = source.GetTelemetry(3);

        Assert.Equal(status.EccErrors.L1Cache + status.EccErrors.L2Cache + status.EccErrors.Global, telemetry.Ecc.DoubleBitVolatile);
        Assert.True(telemetry.RemappedRows.Pending);
    }

    [Fact]
    public void GetTelemetry_GpuSupportingNothing_IsAllUnknown()
    {
        using var source = FakeNvml.Open("unsupported");

        Assert.Equal(Json.Of(GpuTelemetry.Unknown), Json.Of(source.GetTelemetry(1)));
        Assert.NotNull(source.GetTelemetry(0).MemoryTemperatureC);
    }

    [Fact]
    public void GetTelemetry_MakesOnlyTheCallsMetricsNeed()
    {
        using var source = FakeNvml.Open("default");

        FakeNvml.ResetCallCount();
        source.GetTelemetry(0);

        Assert.Equal((ulong)CallsPerDevice, FakeNvml.CallCount);
    }
}
