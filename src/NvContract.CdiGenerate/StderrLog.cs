using System.Text;

namespace NvContract.CdiGenerate;

/// <summary>
/// Lines on stderr in the daemon's form (<c>program | date time message</c>), from Warning up for
/// what logs through <see cref="ILogger"/>. Written straight to the stream: no console set-up,
/// no logging host, which a one-shot process would pay for on every run.
/// </summary>
internal sealed class StderrLog(string programName, Stream stderr) : ILogger
{
    public void Info(string message) => Write(message);

    public void Warning(string message) => Write(message);

    public void Error(string message) => Write($"Error: {message}");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Write(formatter(state, exception));
        }
    }

    private void Write(string message)
    {
        stderr.Write(Encoding.UTF8.GetBytes($"{programName} | {DateTime.Now:yyyy'/'MM'/'dd HH':'mm':'ss} {message}\n"));
        stderr.Flush();
    }
}
