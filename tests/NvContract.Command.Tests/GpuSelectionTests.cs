namespace NvContract.Command.Tests;

public sealed class GpuSelectionTests
{
    private static readonly string[] Uuids =
    [
        "GPU-aaaaaaaa-0000-0000-0000-000000000000",
        "GPU-bbbbbbbb-0000-0000-0000-000000000001",
        "GPU-bbbbcccc-0000-0000-0000-000000000002",
        "GPU-dddddddd-0000-0000-0000-000000000003",
    ];

    [Theory]
    [InlineData(null, new[] { 0, 1, 2, 3 })]
    [InlineData("", new[] { 0, 1, 2, 3 })]
    [InlineData("  ", new[] { 0, 1, 2, 3 })]
    [InlineData("1", new[] { 1 })]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData("3 1", new[] { 3, 1 })]
    [InlineData("0, 2,,3 ", new[] { 0, 2, 3 })]
    [InlineData("1,1 1", new[] { 1 })]
    [InlineData("GPU-bbbbcccc", new[] { 2 })]
    [InlineData("GPU-bbbb,0", new[] { 1, 0 })]
    [InlineData("GPU-dddddddd-0000-0000-0000-000000000003", new[] { 3 })]
    public void Resolve_IndicesAndUuidPrefixes_CommaOrSpaceSeparated(string? value, int[] expected)
    {
        Assert.Equal(expected, GpuSelection.Resolve(value, Uuids));
    }

    [Theory]
    [InlineData("4", "4")]
    [InlineData("0,x", "x")]
    [InlineData("-1", "-1")]
    [InlineData("1.0", "1.0")]
    [InlineData("GPU-eeee", "GPU-eeee")]
    [InlineData("gpu-aaaa", "gpu-aaaa")]
    [InlineData("99999999999", "99999999999")]
    [InlineData("\u0661", "\u0661")]
    public void Resolve_WordNamingNoGpu_OneClearError(string value, string word)
    {
        var error = Assert.Throws<CommandException>(() => GpuSelection.Resolve(value, Uuids));

        Assert.Equal($"invalid device: {word} (NV_GPU takes indices or GPU- UUID prefixes; this host has GPUs 0 to 3)", error.Message);
    }

    [Fact]
    public void Resolve_SeparatorsOnly_Error()
    {
        var error = Assert.Throws<CommandException>(() => GpuSelection.Resolve(",", Uuids));

        Assert.StartsWith("NV_GPU=\",\" names no GPU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoGpuOnTheHost_IndexIsAnError()
    {
        var error = Assert.Throws<CommandException>(() => GpuSelection.Resolve("0", []));

        Assert.Contains("this host has no GPU", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, new[] { "0", "1", "2", "3" })]
    [InlineData("GPU-bbbb,0", new[] { "1", "0" })]
    [InlineData("0:1", new[] { "0:1" })]
    [InlineData("MIG-5b1c2d3e", new[] { "MIG-5b1c2d3e" })]
    [InlineData("MIG-GPU-aaaaaaaa-0000-0000-0000-000000000000/3/0", new[] { "MIG-GPU-aaaaaaaa-0000-0000-0000-000000000000/3/0" })]
    [InlineData("3, 0:1 1:0,GPU-dddd 0:1", new[] { "3", "0:1", "1:0" })]
    public void DevWords_WholeGpusAsIndicesMigWordsAsWritten(string? value, string[] expected)
    {
        Assert.Equal(expected, GpuSelection.DevWords(value, Uuids));
    }

    [Fact]
    public void DevWords_BadWholeGpuBesideAMigWord_TheSameClearError()
    {
        var error = Assert.Throws<CommandException>(() => GpuSelection.DevWords("0:1,7", Uuids));

        Assert.Equal("invalid device: 7 (NV_GPU takes indices or GPU- UUID prefixes; this host has GPUs 0 to 3)", error.Message);
    }

    [Theory]
    [InlineData("0:1", true)]
    [InlineData("MIG-abc", true)]
    [InlineData("0", false)]
    [InlineData("GPU-abc", false)]
    public void IsMig_ColonOrMigPrefix(string word, bool expected) => Assert.Equal(expected, GpuSelection.IsMig(word));
}
