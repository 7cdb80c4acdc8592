using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NvContract.Daemon.Tests;

/// <summary>Keeps every log message the server writes, so tests can check v1's log lines.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public LogCollector() => Factory = LoggerFactory.Create(b => b.AddProvider(this).AddFilter("Microsoft", LogLevel.Warning));

    public ILoggerFactory Factory { get; }

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(_messages);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue(formatter(state, exception));
    }
}
