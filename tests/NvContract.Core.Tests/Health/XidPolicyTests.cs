using NvContract.Core.Health;
using NvContract.Testing;

namespace NvContract.Core.Tests.Health;

public class XidPolicyTests
{
    [Theory]
    [InlineData(13, XidAction.RestartApp)]
    [InlineData(31, XidAction.RestartApp)]
    [InlineData(43, XidAction.Ignore)]
    [InlineData(45, XidAction.Ignore)]
    [InlineData(68, XidAction.RestartApp)]
    [InlineData(94, XidAction.RestartApp)]
    [InlineData(48, XidAction.ResetGpu)]
    [InlineData(64, XidAction.ResetGpu)]
    [InlineData(79, XidAction.RestartBm)]
    [InlineData(95, XidAction.ResetGpu)]
    [InlineData(109, XidAction.ResetGpu)]
    [InlineData(119, XidAction.ResetGpu)]
    [InlineData(120, XidAction.ResetGpu)]
    public void BuiltIn_CatalogXid_HasTheCatalogsAction(int xid, XidAction expected)
    {
        Assert.Equal(expected, XidPolicy.BuiltIn.For(xid).Action);
    }

    [Fact]
    public void BuiltIn_XidNotListed_GetsTheDefaultRow()
    {
        Assert.Equal(new XidRule(null, XidAction.ResetGpu, "Xid not in the policy"), XidPolicy.BuiltIn.For(9999));
    }

    [Fact]
    public void Load_OverrideFile_ReplacesOnlyItsRows()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("policy.csv");
        File.WriteAllText(file, "# ours\n109,IGNORE,context switch timeouts are our jobs' fault\n\n*, RESTART_APP\n");

        var policy = XidPolicy.Load(file);

        Assert.Equal(new XidRule(109, XidAction.Ignore, "context switch timeouts are our jobs' fault"), policy.For(109));
        Assert.Equal(XidAction.RestartApp, policy.For(9999).Action);
        Assert.Equal(XidAction.RestartBm, policy.For(79).Action);
    }

    [Theory]
    [InlineData("79,REBOOT", "line 1 \"79,REBOOT\": expected xid,action[,description]", "an unknown action")]
    [InlineData("79", "line 1 \"79\": expected xid,action[,description]", "no action")]
    [InlineData("# c\nxid79,IGNORE", "line 2 \"xid79,IGNORE\": the first column must be an Xid number or *", "a word for the Xid")]
    [InlineData("-1,IGNORE", "line 1 \"-1,IGNORE\": the first column must be an Xid number or *", "a negative Xid")]
    public void Load_BadLine_ThrowsNamingFileAndLine(string text, string expected, string description)
    {
        using var folder = new TempFolder();
        var file = folder.Combine("policy.csv");
        File.WriteAllText(file, text);

        var error = Assert.Throws<InvalidHealthPolicyException>(() => XidPolicy.Load(file));

        Assert.True(error.Message.StartsWith($"invalid health policy {file} {expected}", StringComparison.Ordinal), $"{description}: {error.Message}");
    }
}
