namespace NvContract.Command.Tests;

public sealed class DockerCommandLineTests
{
    private static readonly DockerFlags Global = DockerFlags.FromHelp(HelpTexts.Global);
    private static readonly DockerFlags Run = DockerFlags.FromHelp(HelpTexts.Run);

    public static TheoryData<string, string[], string, int, int> RunLines => new()
    {
        { "plain", ["run", "--rm", "busybox", "ls"], "run", 2, 2 },
        { "value after a flag", ["run", "-v", "x:y", "busybox"], "run", 3, 3 },
        { "--name=foo carries its value", ["run", "--name=foo", "busybox"], "run", 2, 2 },
        { "--name foo", ["create", "--name", "foo", "busybox"], "create", 3, 3 },
        { "switch with =false", ["run", "--sig-proxy=false", "busybox"], "run", 2, 2 },
        { "cluster of switches", ["run", "-it", "busybox", "sh"], "run", 2, 2 },
        { "cluster ending in a value flag", ["run", "-itv", "x:y", "busybox"], "run", 3, 3 },
        { "value attached to a cluster", ["run", "-ivx:y", "busybox"], "run", 2, 2 },
        { "-h is the hostname of run", ["run", "-h", "box", "busybox"], "run", 3, 3 },
        { "several values", ["run", "-e", "A=B", "--network", "none", "-w", "/", "-p", "80:80", "busybox", "env"], "run", 9, 9 },
        { "-- ends the options", ["run", "--rm", "--", "busybox", "ls"], "run", 3, 2 },
        { "-- after the image is the image's", ["run", "--rm", "busybox", "--", "ls", "-v"], "run", 2, 2 },
        { "image with options of its own", ["run", "busybox", "ls", "-l", "-v", "/x"], "run", 1, 1 },
        { "global options before the command", ["-H", "unix:///x.sock", "--log-level", "debug", "run", "--rm", "busybox"], "run", 6, 6 },
        { "global switch", ["-D", "run", "busybox"], "run", 2, 2 },
        { "global option with =", ["--context=gpu", "run", "busybox"], "run", 2, 2 },
        { "container run", ["container", "run", "-e", "A=B", "busybox", "env"], "run", 4, 4 },
        { "container create after globals", ["-H", "unix:///x.sock", "container", "create", "busybox"], "create", 4, 4 },
    };

    [Theory]
    [MemberData(nameof(RunLines))]
    public void Parse_RunOrCreate_FindsTheImageAndWhereTheGpuArgumentsGo(string description, string[] arguments, string command, int image, int insert)
    {
        var line = Parse(arguments);

        Assert.True(line.NeedsGpus, description);
        Assert.Equal(command, line.Command);
        Assert.Equal(image, line.ImageIndex);
        Assert.Equal(insert, line.InsertIndex);
    }

    [Fact]
    public void With_InsertsBeforeTheImage_EverythingElseUntouched()
    {
        var line = Parse(["-H", "unix:///x.sock", "run", "-v", "x:y", "--name=foo", "busybox", "sh", "-c", "exit 7"]);

        Assert.Equal(
            ["-H", "unix:///x.sock", "run", "-v", "x:y", "--name=foo", "--device=/dev/nvidia0", "--volume=v:/usr/local/nvidia:ro", "busybox", "sh", "-c", "exit 7"],
            line.With(["--device=/dev/nvidia0", "--volume=v:/usr/local/nvidia:ro"]));
        Assert.Equal(["-H", "unix:///x.sock"], line.GlobalOptions);
        Assert.Equal("busybox", line.Image);
    }

    [Fact]
    public void With_DoubleDash_InsertsBeforeIt()
    {
        var line = Parse(["run", "--rm", "--", "busybox", "ls"]);

        Assert.Equal(["run", "--rm", "--device=/dev/nvidia0", "--", "busybox", "ls"], line.With(["--device=/dev/nvidia0"]));
        Assert.Equal("busybox", line.Image);
    }

    public static TheoryData<string, string[], string?> OtherLines => new()
    {
        { "another command", ["ps", "-a"], "ps" },
        { "another command after globals", ["-H", "unix:///x.sock", "volume", "ls"], "volume" },
        { "container but not run", ["container", "ls"], "container" },
        { "nothing", [], null },
        { "global switch only", ["--version"], null },
        { "global options only", ["-H", "unix:///x.sock"], null },
        { "run without image", ["run", "--rm"], "run" },
        { "run with -- and no image", ["run", "--"], "run" },
        { "run --help", ["run", "--help"], "run" },
        { "run --help before an image", ["run", "--help", "busybox"], "run" },
        { "version", ["version"], "version" },
    };

    [Theory]
    [MemberData(nameof(OtherLines))]
    public void Parse_NotARunWithAnImage_PassesThrough(string description, string[] arguments, string? command)
    {
        var line = Parse(arguments);

        Assert.False(line.NeedsGpus, description);
        Assert.Equal(command, line.Command);
    }

    [Fact]
    public void Parse_LineStartsWithTheCommand_DoesNotAskForTheGlobalOptions()
    {
        var line = DockerCommandLine.Parse(["ps"], () => throw new InvalidOperationException("asked"), (_, _) => throw new InvalidOperationException("asked"));

        Assert.Equal("ps", line.Command);
    }

    [Fact]
    public void Parse_Run_AsksForRunsOptionsWithTheGlobalOptions()
    {
        IReadOnlyList<string>? asked = null;
        DockerCommandLine.Parse(["-H", "unix:///x.sock", "run", "busybox"], () => Global, (globals, command) =>
        {
            asked = [.. globals, command];
            return Run;
        });

        Assert.Equal(["-H", "unix:///x.sock", "run"], asked);
    }

    private static DockerCommandLine Parse(string[] arguments) => DockerCommandLine.Parse(arguments, () => Global, (_, _) => Run);
}
