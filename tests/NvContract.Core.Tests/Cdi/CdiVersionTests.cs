using NvContract.Core.Cdi;

namespace NvContract.Core.Tests.Cdi;

public class CdiVersionTests
{
    private static readonly CdiContainerEdits Node = new(DeviceNodes: [new CdiDeviceNode("/dev/nvidia0")]);

    public static TheoryData<string, CdiSpec, string> Minimums => new()
    {
        { "UUID names, nodes at their own path", new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("GPU-1", Node)], null), "0.3.0" },
        { "a name that starts with a digit", new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("0", Node)], null), "0.5.0" },
        {
            "a node with a hostPath in the common edits",
            new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("all", Node)], new CdiContainerEdits(DeviceNodes: [new CdiDeviceNode("/dev/nvidiactl", "/x/dev/nvidiactl")])),
            "0.5.0"
        },
        { "a '.' in the class", new CdiSpec("", "nvidia.com/gpu.mig", [new CdiDevice("0", Node)], null), "0.6.0" },
        { "mounts and hooks without a type", new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("all", Node)], new CdiContainerEdits(Mounts: [new CdiMount("/a", "/b", ["bind"])], Hooks: [new CdiHook("createContainer", "/h", ["h"])])), "0.3.0" },
    };

    [Theory]
    [MemberData(nameof(Minimums))]
    public void Minimum_Fields_LowestVersionThatDefinesThem(string description, CdiSpec spec, string expected)
    {
        Assert.True(CdiVersion.Minimum(spec).Version == expected, description);
    }

    [Fact]
    public void Choose_NoPin_TheMinimum()
    {
        Assert.Equal("0.5.0", CdiVersion.Choose(new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("0", Node)], null), null));
    }

    [Fact]
    public void Choose_PinBelowTheMinimum_SaysWhichFieldsNeedWhat()
    {
        var spec = new CdiSpec("", "nvidia.com/gpu", [new CdiDevice("0", Node)], null);

        var e = Assert.Throws<CdiVersionException>(() => CdiVersion.Choose(spec, "0.3.0"));

        Assert.Equal("the CDI spec needs cdiVersion 0.5.0 for device names that start with a digit (0), above --cdi-version 0.3.0", e.Message);
    }

    [Theory]
    [InlineData("0.5.0", "0.5.0")]
    [InlineData("v0.4.0", "0.4.0")]
    [InlineData("1.1.0", "1.1.0")]
    public void Parse_KnownVersion_Accepted(string text, string expected)
    {
        Assert.Equal(expected, CdiVersion.Parse(text));
    }

    [Theory]
    [InlineData("0.2.0")]
    [InlineData("0.5")]
    [InlineData("2.0.0")]
    [InlineData("")]
    public void Parse_UnknownVersion_FormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => CdiVersion.Parse(text));

        Assert.StartsWith($"invalid value \"{text}\" for flag -cdi-version: not a CDI version (0.3.0, ", e.Message);
    }
}
