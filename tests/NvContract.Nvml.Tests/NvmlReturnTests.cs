using System.Globalization;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Tests;

/// <summary>
/// <see cref="NvmlReturn"/> is written by hand; <see cref="nvmlReturn_t"/> is generated from
/// native/nvml.h. A header update that adds, drops or renumbers a code must show up here.
/// </summary>
public sealed class NvmlReturnTests
{
    [Fact]
    public void NvmlReturn_HasEveryGeneratedCode_UnderItsDotNetName_WithTheSameValue()
    {
        var generated = Enum.GetValues<nvmlReturn_t>().Select(c => $"{DotNetName(c.ToString())} = {(uint)c}").Order(StringComparer.Ordinal);

        var handWritten = Enum.GetValues<NvmlReturn>().Select(c => $"{c} = {(uint)c}").Order(StringComparer.Ordinal);

        Assert.Equal(generated, handWritten);
    }

    [Theory]
    [InlineData("NVML_SUCCESS", "Success")]
    [InlineData("NVML_ERROR_LIB_RM_VERSION_MISMATCH", "LibRmVersionMismatch")]
    [InlineData("NVML_ERROR_VGPU_ECC_NOT_SUPPORTED", "VgpuEccNotSupported")]
    public void DotNetName_MapsHeaderNames(string header, string expected) => Assert.Equal(expected, DotNetName(header));

    /// <summary>NVML_ERROR_GPU_IS_LOST → GpuIsLost: the prefix dropped, each word capitalised.</summary>
    private static string DotNetName(string headerName)
    {
        var words = headerName.Split('_').SkipWhile(w => w is "NVML" or "ERROR");
        return string.Concat(words.Select(w => w[..1] + w[1..].ToLower(CultureInfo.InvariantCulture)));
    }
}
