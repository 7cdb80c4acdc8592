using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace NvContract.Daemon.Logging;

/// <summary>
/// v1's log line (docs/v1-compatibility.md §1.4):
/// <c>&lt;argv[0]&gt; | YYYY/MM/DD HH:MM:SS message</c>, local time,
/// written to stderr. One line per event, control characters escaped, an exception's message
/// after the message (<see cref="LogMessage"/>), never a stack trace.
/// </summary>
public sealed class V1LogFormatter(IOptionsMonitor<V1LogFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "v1";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = LogMessage.Format(logEntry);
        var now = options.CurrentValue.Clock();
        textWriter.Write($"{options.CurrentValue.Prefix} | {now:yyyy'/'MM'/'dd HH':'mm':'ss} {message}\n");
    }
}

public sealed class V1LogFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>The program name every line starts with.</summary>
    public string Prefix { get; set; } = ProgramName.Current;

    public Func<DateTime> Clock { get; set; } = () => DateTime.Now;
}
