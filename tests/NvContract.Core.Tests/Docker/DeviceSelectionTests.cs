using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Core.Tests.Docker;

public class DeviceSelectionTests
{
    private static readonly GpuDevice[] Devices =
    [
        Device("GPU-11111111-aaaa", 3),
        Device("GPU-22222222-bbbb", 0),
        Device("GPU-11112222-cccc", 1),
    ];

    public static TheoryData<string, string?, uint[]> Selections => new()
    {
        { "missing selects all in index order", null, [3, 0, 1] },
        { "empty selects all", "", [3, 0, 1] },
        { "star selects all", "*", [3, 0, 1] },
        { "indexes keep the caller's order", "2 0", [1, 3] },
        { "duplicates are dropped", "1 1 GPU-2222", [0] },
        { "a UUID prefix takes the first match", "GPU-1111", [3] },
        { "a longer UUID prefix picks the other", "GPU-11112", [1] },
        { "leading zeros are still an index", "01", [0] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void Devices_ValidTokens_SelectInGivenOrder(string description, string? dev, uint[] minors) =>
        Assert.True(minors.SequenceEqual(DeviceSelection.Devices(dev, Devices).Select(d => d.Minor)), description);

    [Theory]
    [InlineData("3", "3")]
    [InlineData("-1", "-1")]
    [InlineData("+1", "+1")]
    [InlineData("0,1", "0,1")]
    [InlineData("0  1", "")]
    [InlineData("0 ", "")]
    [InlineData("x", "x")]
    [InlineData("GPU-9", "GPU-9")]
    [InlineData("gpu-1111", "gpu-1111")]
    [InlineData("99999999999999999999", "99999999999999999999")]
    public void Devices_InvalidToken_ThrowsV1Message(string dev, string token)
    {
        var e = Assert.Throws<InvalidSelectionException>(() => DeviceSelection.Devices(dev, Devices));
        Assert.Equal($"invalid device: {token}", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("nvidia_driver")]
    [InlineData("nvidia_driver nvidia_driver")]
    public void Volumes_ValidTokens_SelectTheDriverVolume(string? vol) =>
        Assert.Equal([ContainerVolume.Driver], DeviceSelection.Volumes(vol));

    [Theory]
    [InlineData("nvidia_driver_375.26", "nvidia_driver_375.26")]
    [InlineData("nvidia_driver ", "")]
    [InlineData("cuda", "cuda")]
    public void Volumes_InvalidToken_ThrowsV1Message(string vol, string token) =>
        Assert.Equal($"invalid volume: {token}", Assert.Throws<InvalidSelectionException>(() => DeviceSelection.Volumes(vol)).Message);

    private static GpuDevice Device(string uuid, uint minor) => new() { Uuid = uuid, Minor = minor, Pci = new GpuPci("0000:00:00.0", null, null) };
}
