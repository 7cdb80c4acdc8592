using NvContract.Core.Volumes;

namespace NvContract.Core.Tests.Volumes;

public class VolumeNameTests
{
    public static TheoryData<string, string, string> Valid => new()
    {
        { "two-part version", "nvidia_driver_375.26", "375.26" },
        { "three-part version", "nvidia_driver_550.54.15", "550.54.15" },
        { "single number", "nvidia_driver_384", "384" },
    };

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "no version", "nvidia_driver", "bad volume format: nvidia_driver" },
        { "letters in version", "nvidia_driver_abc", "bad volume format: nvidia_driver_abc" },
        { "dot-dot version", "nvidia_driver_..", "bad volume format: nvidia_driver_.." },
        { "single dot version", "nvidia_driver_.", "bad volume format: nvidia_driver_." },
        { "leading dot", "nvidia_driver_.375", "bad volume format: nvidia_driver_.375" },
        { "trailing dot", "nvidia_driver_375.", "bad volume format: nvidia_driver_375." },
        { "double dot inside", "nvidia_driver_375..26", "bad volume format: nvidia_driver_375..26" },
        { "slash", "nvidia_driver/../x_1", "bad volume format: nvidia_driver/../x_1" },
        { "encoded slash", "nvidia_driver_%2e%2e", "bad volume format: nvidia_driver_%2e%2e" },
        { "trailing newline", "nvidia_driver_375.26\n", "bad volume format: nvidia_driver_375.26\n" },
        { "non-ASCII digits", "nvidia_driver_٣٧٥", "bad volume format: nvidia_driver_٣٧٥" },
        { "empty", "", "bad volume format: " },
        { "other base", "nvidia_other_375.26", "unsupported volume: nvidia_other_375.26" },
        { "base with extra part", "nvidia_driver_1_375.26", "unsupported volume: nvidia_driver_1_375.26" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ValidName_SplitsAtTheLastUnderscore(string description, string name, string version)
    {
        var parsed = VolumeName.Parse(name);

        Assert.True(parsed.Version == version, description);
        Assert.Equal("nvidia_driver", parsed.Base);
        Assert.Equal(name, parsed.Name);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidName_ThrowsV1Error(string description, string name, string message)
    {
        var e = Assert.ThrowsAny<VolumeException>(() => VolumeName.Parse(name));

        Assert.True(message == e.Message, $"{description}: {e.Message}");
    }

    public static TheoryData<string, string, string> LengthCases => new()
    {
        { "255 ASCII bytes: the longest name", "nvidia_driver_" + new string('1', 241), "ok" },
        { "256 ASCII bytes", "nvidia_driver_" + new string('1', 242), $"volume name too long (over 255 bytes): nvidia_driver_{new string('1', 50)}…(256 bytes)" },
        { "127 two-byte characters: 254 bytes, checked by the grammar", new string('é', 127), $"bad volume format: {new string('é', 127)}" },
        { "128 two-byte characters: 256 bytes", new string('é', 128), $"volume name too long (over 255 bytes): {new string('é', 64)}…(256 bytes)" },
        { "a megabyte", "nvidia_driver_" + new string('1', 1 << 20), $"volume name too long (over 255 bytes): nvidia_driver_{new string('1', 50)}…(1048590 bytes)" },
    };

    [Theory]
    [MemberData(nameof(LengthCases))]
    public void Parse_Length_CappedAt255BytesAndEchoedShort(string description, string name, string expected)
    {
        var outcome = Record.Exception(() => VolumeName.Parse(name))?.Message ?? "ok";

        Assert.True(expected == outcome, $"{description}: {outcome}");
    }

    [Fact]
    public void Printable_TooLongWithAPairAtTheCut_KeepsThePairWhole()
    {
        var name = new string('a', 63) + "😀" + new string('b', 300);

        Assert.Equal(new string('a', 63) + "…(367 bytes)", VolumeName.Printable(name));
        Assert.Equal("nvidia_driver_1", VolumeName.Printable("nvidia_driver_1"));
    }
}
