using System.Diagnostics.CodeAnalysis;
using NvContract.Testing;

namespace NvContract.Command.Tests.Docker;

/// <summary>
/// A fact that needs a Docker engine: <c>NVCONTRACT_DOCKER_HOST</c> (e.g. <c>unix:///…/docker.sock</c>,
/// printed by tools/ci/start-dockerd.sh) must name a running engine, and no nvidia-docker plugin
/// may be installed on this host, because the test registers its own under that name.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public const string HostVariable = "NVCONTRACT_DOCKER_HOST";

    [SuppressMessage("Design", "CA1019", Justification = "xunit reads Skip")]
    public DockerFactAttribute()
    {
        Skip = SkipReason();
    }

    public static string? Host => Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } host ? host : null;

    private static string? SkipReason()
    {
        if (Host is not { } host || !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return $"no Docker engine: set {HostVariable}=unix:///path/docker.sock (tools/ci/start-dockerd.sh starts one)";
        }

        if (!File.Exists(host["unix://".Length..]))
        {
            return $"no Docker engine at {host}";
        }

        if (File.Exists("/run/docker/plugins/nvidia-docker.sock")
            || (File.Exists(DockerPluginRegistration.SpecFile) && !DockerPluginRegistration.IsTestRegistration(host)))
        {
            return "an nvidia-docker plugin is installed on this host; the test registers its own under that name";
        }

        return null;
    }
}
