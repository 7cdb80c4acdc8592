namespace NvContract.Command;

/// <summary>What the environment tells the command.</summary>
/// <param name="Gpus"><c>NV_GPU</c>: the GPUs to give the container (unset: all).</param>
/// <param name="Host"><c>NV_HOST</c>: the daemon's address.</param>
/// <param name="Docker"><c>NV_DOCKER</c>: the docker command (default <c>docker</c>; <c>podman</c> works too).</param>
/// <param name="CdiKind"><c>NV_CDI_KIND</c>: the CDI kind of the GPUs (default <c>nvidia.com/gpu</c>).</param>
/// <param name="DockerHost"><c>DOCKER_HOST</c>: the engine, whose host also runs the daemon when NV_HOST is unset.</param>
internal sealed record CommandSettings(string? Gpus, string? Host, string Docker, string? CdiKind, string? DockerHost)
{
    public static CommandSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NV_GPU"),
        Environment.GetEnvironmentVariable("NV_HOST"),
        Environment.GetEnvironmentVariable("NV_DOCKER") is { Length: > 0 } docker ? docker : "docker",
        Environment.GetEnvironmentVariable("NV_CDI_KIND"),
        Environment.GetEnvironmentVariable("DOCKER_HOST"));
}
