using NvContract.Core.Cdi;

namespace NvContract.Core.Tests.Cdi;

public class CdiKindTests
{
    [Theory]
    [InlineData("nvidia.com/gpu", "nvidia.com", "gpu")]
    [InlineData("example.org/gpu_1", "example.org", "gpu_1")]
    [InlineData("a/b", "a", "b")]
    public void Parse_ValidKind_SplitsVendorAndClass(string text, string vendor, string deviceClass)
    {
        var kind = CdiKind.Parse(text);

        Assert.Equal((vendor, deviceClass, text), (kind.Vendor, kind.Class, kind.ToString()));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("nvidia.com/")]
    [InlineData("/gpu")]
    [InlineData("nvidia.com/gpu/x")]
    [InlineData("1vendor/gpu")]
    [InlineData("nvidia.com/gpu-")]
    [InlineData("nvidia com/gpu")]
    [InlineData("nvidia.com/gpu=0")]
    public void Parse_InvalidKind_FormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => CdiKind.Parse(text));

        Assert.StartsWith($"invalid value \"{text}\" for flag -cdi-kind: not vendor/class", e.Message);
    }

    [Fact]
    public void FileName_NamesTheOwnerAndTheKind()
    {
        Assert.Equal("nvidia-docker-plugin.nvidia.com-gpu.json", CdiKind.Default.FileName);
    }

    [Fact]
    public void Qualify_DeviceName_FullyQualified()
    {
        Assert.Equal("nvidia.com/gpu=GPU-1", CdiKind.Default.Qualify("GPU-1"));
    }
}
