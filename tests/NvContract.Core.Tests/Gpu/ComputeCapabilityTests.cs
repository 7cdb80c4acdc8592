using NvContract.Core.Gpu;

namespace NvContract.Core.Tests.Gpu;

public class ComputeCapabilityTests
{
    public static TheoryData<string, string, string?, int?> Architectures => new()
    {
        { "v1 Kepler K80", "3.7", "Kepler", 192 },
        { "v1 Pascal P100", "6.0", "Pascal", 64 },
        { "Volta V100", "7.0", "Volta", 64 },
        { "Turing T4", "7.5", "Turing", 64 },
        { "Ampere A100", "8.0", "Ampere", 64 },
        { "Ampere A10", "8.6", "Ampere", 128 },
        { "Ada L40S", "8.9", "Ada", 128 },
        { "Hopper H100", "9.0", "Hopper", 128 },
        { "Blackwell B200", "10.0", "Blackwell", 128 },
        { "Blackwell RTX 5090", "12.0", "Blackwell", 128 },
        { "unknown future", "13.7", null, null },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void FamilyAndCores_KnownCapabilities_MatchTables(string description, string arch, string? family, int? perSm)
    {
        var cc = ComputeCapability.Parse(arch);
        Assert.True(family == cc.Family, description);
        Assert.Equal(perSm, cc.CoresPerMultiprocessor);
        Assert.Equal(arch, cc.ToString());
    }

    [Fact]
    public void Cores_H100Sxm_Is132SmsTimes128() =>
        Assert.Equal(16896, ComputeCapability.Parse("9.0").Cores(132));

    [Theory]
    [InlineData("9")]
    [InlineData("x.0")]
    [InlineData("-1.0")]
    public void Parse_Malformed_Throws(string text) =>
        Assert.Throws<FormatException>(() => ComputeCapability.Parse(text));

    [Theory]
    [InlineData(3, 16, 15760L)]
    [InlineData(4, 16, 31504L)]
    [InlineData(5, 16, 63008L)]
    [InlineData(6, 16, 121008L)]
    [InlineData(7, 16, null)]
    public void PcieBandwidth_Generations_PerLaneTimesWidth(int gen, int width, long? expected) =>
        Assert.Equal(expected, PcieBandwidth.Of(gen, width));
}
