using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace NvContract.Daemon.Logging;

/// <summary>
/// The journal's form of v1's log line: the same message, without the <c>&lt;argv[0]&gt; | date</c>
/// prefix (journald stamps every line itself), and with a syslog priority prefix such as <c>&lt;3&gt;</c>
/// that journald strips and records, so <c>journalctl -p err</c> finds the errors.
/// </summary>
/// <remarks>
/// journald reads a priority prefix at the start of every line it receives, including the pieces
/// of a line longer than its <c>LineMax</c> (48 KiB by default). So a message is one line (control
/// characters escaped, <see cref="LogMessage"/>) and is cut to <see cref="MaxMessageBytes"/>: a
/// client's value can never start a line of its own.
/// </remarks>
public sealed class JournalLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "journal";

    /// <summary>The longest message written, in UTF-8 bytes, before <see cref="Cut"/>.</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>What replaces the end of a longer message.</summary>
    public const string Cut = "...";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = Shorten(LogMessage.Format(logEntry));
        textWriter.Write($"<{Priority(logEntry.LogLevel)}>{message}\n");
    }

    /// <summary>sd-daemon(3) priorities: 3 error, 4 warning, 6 info, 7 debug.</summary>
    private static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    private static string Shorten(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
        {
            return message;
        }

        // Whole characters only: an escaped message holds no lone surrogate, so a pair stays whole.
        var length = 0;
        var bytes = 0;
        while (length < message.Length)
        {
            var size = char.IsHighSurrogate(message[length]) ? 2 : 1;
            var next = Encoding.UTF8.GetByteCount(message.AsSpan(length, size));
            if (bytes + next > MaxMessageBytes - Cut.Length)
            {
                break;
            }

            bytes += next;
            length += size;
        }

        return message[..length] + Cut;
    }
}
