using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace NvContract.Daemon.Logging;

/// <summary>
/// Logging for a command that runs once and exits (<c>--cdi-generate</c>): the daemon's own
/// formatters (v1's line, or the journal's under systemd), written straight to stderr by the
/// calling thread, from Information up. The console logging host (a service container, an options
/// system and a writer thread) would cost such a process more than its work.
/// </summary>
public sealed class DirectLoggerFactory(ConsoleFormatter formatter, TextWriter writer) : ILoggerFactory
{
    /// <summary>The daemon's format for where stderr goes.</summary>
    public static DirectLoggerFactory ForStderr() => new(
        LogDestination.IsJournal() ? new JournalLogFormatter() : new V1LogFormatter(new FixedOptions(new V1LogFormatterOptions())),
        Console.Error);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("a direct logger has no providers");

    public void Dispose() => writer.Flush();

    private sealed class Logger(DirectLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (owner)
            {
                owner.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }

    private void Write<TState>(in LogEntry<TState> entry) => formatter.Write(entry, null, writer);

    private sealed class FixedOptions(V1LogFormatterOptions value) : IOptionsMonitor<V1LogFormatterOptions>
    {
        public V1LogFormatterOptions CurrentValue => value;

        public V1LogFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<V1LogFormatterOptions, string?> listener) => null;
    }
}
