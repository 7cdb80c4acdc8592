namespace NvContract.Command.Tests;

public sealed class ImageLabelTests
{
    [Theory]
    [InlineData("8.0", "8.0")]
    [InlineData("8.0", "8.0.61")]
    [InlineData("12.4", "9.0.176")]
    [InlineData("10.0", "9.2")]
    [InlineData("12.4", "12")]
    [InlineData("12.4", null)]
    [InlineData(null, null)]
    [InlineData(null, "")]
    public void CudaCheck_ImageNeedsNoNewerCuda_Passes(string? driver, string? image)
    {
        CudaVersion.Check(driver, image);
    }

    [Theory]
    [InlineData("8.0", "9.0.176")]
    [InlineData("7.5", "8.0")]
    [InlineData("9.2", "10.0")]
    [InlineData("12.0", "12.1")]
    [InlineData("12", "12.1")]
    public void CudaCheck_ImageNeedsNewerCuda_V1Error(string driver, string image)
    {
        var error = Assert.Throws<CommandException>(() => CudaVersion.Check(driver, image));

        Assert.Equal($"unsupported CUDA version: driver {driver} < image {image}", error.Message);
    }

    [Fact]
    public void CudaCheck_DriverReportsNoCuda_ErrorSaysSo()
    {
        var error = Assert.Throws<CommandException>(() => CudaVersion.Check(null, "8.0"));

        Assert.Equal("unsupported CUDA version: the driver reports none < image 8.0", error.Message);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v9.0")]
    [InlineData("9.x")]
    [InlineData("-1.0")]
    public void CudaCheck_LabelIsNoVersion_Error(string image)
    {
        var error = Assert.Throws<CommandException>(() => CudaVersion.Check("12.4", image));

        Assert.StartsWith($"invalid com.nvidia.cuda.version label: \"{image}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", null, null)]
    [InlineData("{}", null, null)]
    [InlineData("""{"maintainer":"x"}""", null, null)]
    [InlineData("""{"com.nvidia.volumes.needed":"nvidia_driver"}""", "nvidia_driver", null)]
    [InlineData("""{"com.nvidia.volumes.needed":"nvidia_driver  other"}""", "nvidia_driver|other", null)]
    [InlineData("""{"com.nvidia.volumes.needed":""}""", "", null)]
    [InlineData("""{"com.nvidia.cuda.version":"9.0.176","com.nvidia.volumes.needed":"nvidia_driver"}""", "nvidia_driver", "9.0.176")]
    public void FromJson_V1Labels(string json, string? volumes, string? cuda)
    {
        var labels = ImageLabels.FromJson(json + "\n");

        Assert.Equal(volumes, labels.VolumesNeeded is null ? null : string.Join('|', labels.VolumesNeeded));
        Assert.Equal(cuda, labels.CudaVersion);
    }

    [Fact]
    public void FromJson_NotJson_Error()
    {
        var error = Assert.Throws<CommandException>(() => ImageLabels.FromJson("template: :1: bad"));

        Assert.StartsWith("cannot read the image's labels: ", error.Message, StringComparison.Ordinal);
    }
}
