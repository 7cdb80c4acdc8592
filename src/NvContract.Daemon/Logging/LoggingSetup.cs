using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace NvContract.Daemon.Logging;

public static class LoggingSetup
{
    /// <summary>Kestrel's category for connection events, such as a connection over the cap being rejected.</summary>
    public const string KestrelConnections = "Microsoft.AspNetCore.Server.Kestrel.Connections";

    /// <summary>
    /// Console logging in v1's format, on stderr; the framework speaks only when something is wrong.
    /// Under systemd the journal gets the same messages without v1's prefix.
    /// </summary>
    public static ILoggingBuilder AddV1Console(this ILoggingBuilder logging) => logging.AddV1Console(LogDestination.IsJournal());

    public static ILoggingBuilder AddV1Console(this ILoggingBuilder logging, bool journal)
    {
        logging.ClearProviders();
        logging.AddConsole(o =>
        {
            o.FormatterName = journal ? JournalLogFormatter.Name : V1LogFormatter.Name;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // The formatters without AddConsoleFormatter's binding of their options to configuration
        // (the daemon has none, and that binding needs reflection).
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, V1LogFormatter>());
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JournalLogFormatter>());
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);

        // A failed start is reported once, in v1's words, by the daemon itself.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);

        // A warning for every connection over the REST connection cap would let any client flood
        // the log (the cap is in the operations guide).
        logging.AddFilter(KestrelConnections, LogLevel.Error);
        return logging;
    }
}
