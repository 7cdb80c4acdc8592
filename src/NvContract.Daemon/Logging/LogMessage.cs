using Microsoft.Extensions.Logging.Abstractions;
using NvContract.Core.Output;

namespace NvContract.Daemon.Logging;

/// <summary>
/// The text of one log event, as both formatters write it: always one line. Values in a message
/// come from clients (volume names, header values, JSON property names in a decoding error, process
/// names), so control characters are escaped (<see cref="ControlCharacters"/>): a newline in a
/// volume name cannot forge a second line, nor a journal priority, nor an escape sequence reach a
/// terminal. The message templates themselves never hold such characters, so escaping the whole
/// message escapes exactly the values, and text without them stays as v1 wrote it.
/// </summary>
internal static class LogMessage
{
    public static string Format<TState>(in LogEntry<TState> logEntry)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is { } exception)
        {
            // An exception's message on the same line, never a stack trace.
            message = $"{message}: {exception.Message}";
        }

        return ControlCharacters.Escape(message);
    }
}
