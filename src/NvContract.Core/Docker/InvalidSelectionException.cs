namespace NvContract.Core.Docker;

/// <summary>A <c>dev</c> or <c>vol</c> token that names nothing; the message is v1's 400 body without its newline.</summary>
public sealed class InvalidSelectionException(string message) : Exception(message)
{
    public static InvalidSelectionException Device(string token) => new($"invalid device: {token}");

    public static InvalidSelectionException Volume(string token) => new($"invalid volume: {token}");
}
