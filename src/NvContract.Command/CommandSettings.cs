namespace NvContract.Command;

/// <summary>What the environment tells the command.</summary>
/// <param name="Gpus"><c>NV_GPU</c>: the GPUs to give the container (unset: all).</param>
/// <param name="Host"><c>NV_HOST</c>: the daemon's address.</param>
/// <param name="Docker"><c>NV_DOCKER</c>: the docker command (default <c>docker</c>; <c>podman</c> works too).</param>
/// <param name="DockerHost"><c>DOCKER_HOST</c>: the engine, whose host also runs the daemon when NV_HOST is unset.</param>
/// <param name="TlsVerify"><c>NV_TLS_VERIFY</c>: the daemon is reached over TLS (the certificates and token are the SDK's to read).</param>
internal sealed record CommandSettings(string? Gpus, string? Host, string Docker, string? DockerHost, bool TlsVerify)
{
    public static CommandSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NV_GPU"),
        Environment.GetEnvironmentVariable("NV_HOST"),
        Environment.GetEnvironmentVariable("NV_DOCKER") is { Length: > 0 } docker ? docker : "docker",
        Environment.GetEnvironmentVariable("DOCKER_HOST"),
        // The SDK's reading of the variable: set, and neither 0 nor false.
        Environment.GetEnvironmentVariable("NV_TLS_VERIFY") is { Length: > 0 } verify && verify != "0" && !verify.Equals("false", StringComparison.OrdinalIgnoreCase));
}
