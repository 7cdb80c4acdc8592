using NvContract.Testing;

namespace NvContract.Plugin.Tests.Docker;

/// <summary>The docker command line against the engine named by NVCONTRACT_DOCKER_HOST.</summary>
public static class DockerCli
{
    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        Tool.TryRun("docker", ["-H", DockerFactAttribute.Host!, .. arguments]);

    public static string RunOk(params string[] arguments)
    {
        var (code, output) = Run(arguments);
        Assert.True(code == 0, $"docker {string.Join(' ', arguments)} exited with {code}:\n{output}");
        return output;
    }
}
