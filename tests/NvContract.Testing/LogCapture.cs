using Microsoft.Extensions.Logging;

namespace NvContract.Testing;

/// <summary>
/// Keeps every formatted message a host logs, for asserting v1's log lines. The framework's own
/// categories are kept only from warnings up, as the daemon's console logging does.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public LogCapture() =>
        Factory = LoggerFactory.Create(b => b.AddProvider(this).SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning));

    /// <summary>The factory to hand to the host under test.</summary>
    public ILoggerFactory Factory { get; }

    /// <summary>The messages so far, in order.</summary>
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.Message)];

    /// <summary>The messages so far with their levels, in order.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
