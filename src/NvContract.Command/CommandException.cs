namespace NvContract.Command;

/// <summary>A failure the user sees as one <c>nvidia-docker | … Error: …</c> line, before docker runs.</summary>
internal sealed class CommandException(string message, Exception? inner = null) : Exception(message, inner);
