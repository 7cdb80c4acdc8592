using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace NvContract.Daemon.Logging;

/// <summary>
/// The journal's form of v1's log line: the same message, without the <c>&lt;argv[0]&gt; | date</c>
/// prefix (journald stamps every line itself), and with a syslog priority prefix such as <c>&lt;3&gt;</c>
/// that journald strips and records, so <c>journalctl -p err</c> finds the errors.
/// </summary>
public sealed class JournalLogFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "journal";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
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
}
