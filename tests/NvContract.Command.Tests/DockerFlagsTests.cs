namespace NvContract.Command.Tests;

public sealed class DockerFlagsTests
{
    [Theory]
    [InlineData("volume", true)]
    [InlineData("add-host", true)]
    [InlineData("network", true)]
    [InlineData("hostname", true)]
    [InlineData("cgroupns", true)]
    [InlineData("rm", false)]
    [InlineData("detach", false)]
    [InlineData("sig-proxy", false)]
    [InlineData("help", false)]
    [InlineData("not-an-option", false)]
    [InlineData("unknown", false)]
    public void FromHelp_CobraLayout_TypeWordMeansValue(string name, bool takesValue)
    {
        Assert.Equal(takesValue, DockerFlags.FromHelp(HelpTexts.Run).TakesValue(name));
    }

    [Theory]
    [InlineData('v', true)]
    [InlineData('e', true)]
    [InlineData('h', true)]
    [InlineData('d', false)]
    [InlineData('i', false)]
    [InlineData('t', false)]
    public void FromHelp_CobraLayout_ShortNames(char name, bool takesValue)
    {
        Assert.Equal(takesValue, DockerFlags.FromHelp(HelpTexts.Run).TakesValue(name));
    }

    [Fact]
    public void FromHelp_Before113Layout_DefaultsFalseAndTrueAreSwitches()
    {
        var flags = DockerFlags.FromHelp(HelpTexts.RunBefore113);

        Assert.True(flags.TakesValue("volume"));
        Assert.True(flags.TakesValue('v'));
        Assert.True(flags.TakesValue("name"));
        Assert.True(flags.TakesValue("attach"));
        Assert.False(flags.TakesValue("rm"));
        Assert.False(flags.TakesValue("detach"));
        Assert.False(flags.TakesValue('d'));
    }

    [Fact]
    public void FromHelp_Nothing_NoOptionTakesAValue()
    {
        var flags = DockerFlags.FromHelp("sh: 0: Illegal option --\n");

        Assert.False(flags.TakesValue("help"));
        Assert.False(flags.TakesValue('v'));
    }
}
