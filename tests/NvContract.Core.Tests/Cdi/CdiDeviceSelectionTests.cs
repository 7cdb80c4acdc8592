using NvContract.Core.Cdi;
using NvContract.Core.Docker;
using NvContract.Core.Simulation;

namespace NvContract.Core.Tests.Cdi;

/// <summary>
/// The spec's names for a <c>dev</c> value on the hgx-h100-mig profile: GPUs 0 and 1 hold MIG
/// devices, GPU 2 is in MIG mode without any, GPU 3 is whole.
/// </summary>
public sealed class CdiDeviceSelectionTests : IDisposable
{
    private readonly SimulatedGpuSource _gpus = new(SimulationProfiles.Load("hgx-h100-mig"));

    private string Mig(string name) => _gpus.MigDevices.Single(m => m.Name == name).Uuid;

    [Theory]
    [InlineData("0:1")]
    [InlineData("MIG-5b1c2d3e-0a1b-5c2d-9e3f-4a5b6c7d8e02")]
    [InlineData("MIG-GPU-3e1d7a52-4c0b-4f7e-8a61-0c9d2b5e7f10/3/0")]
    public void Names_MigDevice_ItsMigUuid(string dev) =>
        Assert.Equal([Mig("0:1")], CdiDeviceSelection.Names(dev, _gpus));

    [Fact]
    public void Names_Several_InTheOrderGivenWithoutDuplicates() =>
        Assert.Equal([Mig("1:6"), _gpus.Devices[3].Uuid, Mig("0:0")], CdiDeviceSelection.Names("1:6 3 0:0 1:6", _gpus));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    public void Names_All_EachGpuNotInMigModeAndEachMigDeviceInGpuOrder(string? dev) =>
        Assert.Equal([.. _gpus.MigDevices.Select(m => m.Uuid), _gpus.Devices[3].Uuid], CdiDeviceSelection.Names(dev, _gpus));

    [Theory]
    [InlineData("0")]
    [InlineData("GPU-3e1d7a52-4c0b-4f7e-8a61-0c9d2b5e7f12")]
    public void Names_WholeGpuInMigMode_InvalidDeviceSayingWhy(string dev)
    {
        var e = Assert.Throws<InvalidSelectionException>(() => CdiDeviceSelection.Names(dev, _gpus));

        Assert.StartsWith($"invalid device: {dev} (GPU ", e.Message, StringComparison.Ordinal);
        Assert.Contains("is in MIG mode: name its MIG devices", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0:4")]
    [InlineData("2:0")]
    [InlineData("MIG-ffff")]
    [InlineData("0:0  1:0")]
    [InlineData("0:0 *")]
    public void Names_NothingNamed_V1sInvalidDevice(string dev)
    {
        var e = Assert.Throws<InvalidSelectionException>(() => CdiDeviceSelection.Names(dev, _gpus));

        Assert.StartsWith("invalid device: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIG mode", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _gpus.Dispose();
}
