using System.Diagnostics.CodeAnalysis;
using NvContract.Testing;

namespace NvContract.Plugin.Tests.Docker;

/// <summary>
/// A fact that needs a Docker engine: <c>NVCONTRACT_DOCKER_HOST</c> (e.g. <c>unix:///…/docker.sock</c>,
/// printed by tools/ci/start-dockerd.sh) must name a running engine, and this host must not already
/// have an <c>nvidia-docker</c> plugin registered, because the test registers one under that name.
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
        if (Host is not { } host)
        {
            return $"no Docker engine: set {HostVariable}=unix:///path/docker.sock (tools/ci/start-dockerd.sh starts one)";
        }

        if (host.StartsWith("unix://", StringComparison.Ordinal) && !File.Exists(host["unix://".Length..]))
        {
            return $"no Docker engine at {host}";
        }

        // Another test assembly's registration is waited for (DockerPluginRegistration), not skipped.
        foreach (var registration in new[] { "/run/docker/plugins/nvidia-docker.sock", DockerPluginFixture.SpecFile })
        {
            if (File.Exists(registration) && !(registration == DockerPluginFixture.SpecFile && DockerPluginRegistration.IsTestRegistration(host)))
            {
                return $"an nvidia-docker plugin is already registered on this host ({registration}); the test registers its own under that name";
            }
        }

        return null;
    }
}
