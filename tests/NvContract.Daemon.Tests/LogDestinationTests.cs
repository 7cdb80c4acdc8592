using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using NvContract.Daemon.Logging;

namespace NvContract.Daemon.Tests;

/// <summary>Which log line format the daemon picks: v1's on a terminal or file, the journal's under systemd.</summary>
public class LogDestinationTests
{
    public static TheoryData<string, string?, string?, bool> Cases => new()
    {
        { "no JOURNAL_STREAM (a terminal)", null, "/dev/pts/0", false },
        { "empty JOURNAL_STREAM", "", "socket:[4242]", false },
        { "stderr is the announced journal socket", "8:4242", "socket:[4242]", true },
        { "inherited JOURNAL_STREAM, stderr is another socket", "8:4242", "socket:[99]", false },
        { "inherited JOURNAL_STREAM, stderr is a pipe", "8:4242", "pipe:[4242]", false },
        { "inherited JOURNAL_STREAM, stderr is a file", "8:4242", "/var/log/plugin.log", false },
        { "malformed JOURNAL_STREAM", "4242", "socket:[4242]", false },
        { "stderr unreadable", "8:4242", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsJournal_Case_Expected(string description, string? journalStream, string? stderrTarget, bool expected)
    {
        Assert.True(expected == LogDestination.IsJournal(journalStream, stderrTarget), description);
    }

    [Theory]
    [InlineData(false, V1LogFormatter.Name)]
    [InlineData(true, JournalLogFormatter.Name)]
    public void AddV1Console_Destination_ChoosesFormatter(bool journal, string expected)
    {
        using var services = new ServiceCollection().AddLogging(b => b.AddV1Console(journal)).BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(expected, options.FormatterName);
        Assert.Equal(LogLevel.Trace, options.LogToStandardErrorThreshold);
        Assert.Contains(services.GetServices<ConsoleFormatter>(), f => f.Name == expected);
    }

    [Fact]
    public void AddV1Console_RejectedConnections_NotLoggedOtherServerWarningsAre()
    {
        using var factory = LoggerFactory.Create(b => b.AddV1Console(journal: false));

        Assert.False(factory.CreateLogger(LoggingSetup.KestrelConnections).IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger(LoggingSetup.KestrelConnections).IsEnabled(LogLevel.Error));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [InlineData(LogLevel.Information, "Serving remote API at localhost:3476", "<6>Serving remote API at localhost:3476\n")]
    [InlineData(LogLevel.Error, "Error: listen tcp 127.0.0.1:3476: bind: address already in use", "<3>Error: listen tcp 127.0.0.1:3476: bind: address already in use\n")]
    [InlineData(LogLevel.Warning, "slow", "<4>slow\n")]
    public void JournalFormatter_Message_KeepsTextDropsPrefix(LogLevel level, string message, string expected)
    {
        Assert.Equal(expected, Format(new JournalLogFormatter(), level, message));
    }

    [Fact]
    public void V1Formatter_Message_KeepsV1Prefix()
    {
        var options = new V1LogFormatterOptions { Prefix = "nvidia-docker-plugin", Clock = () => new DateTime(2026, 11, 28, 18, 19, 50) };
        var formatter = new V1LogFormatter(new StaticOptions(options));

        Assert.Equal(
            "nvidia-docker-plugin | 2026/11/28 18:19:50 Discovering GPU devices\n",
            Format(formatter, LogLevel.Information, "Discovering GPU devices"));
    }

    [Fact]
    public void V1Formatter_ClientValueWithNewlineAndEscape_OneEscapedLine()
    {
        var options = new V1LogFormatterOptions { Prefix = "nvidia-docker-plugin", Clock = () => new DateTime(2026, 11, 28, 18, 19, 50) };
        var formatter = new V1LogFormatter(new StaticOptions(options));

        Assert.Equal(
            "nvidia-docker-plugin | 2026/11/28 18:19:50 Received create request for volume 'x\\n<3>forged\\x1b[31m'\n",
            Format(formatter, LogLevel.Information, "Received create request for volume 'x\n<3>forged\u001b[31m'"));
    }

    [Fact]
    public void JournalFormatter_ClientValueWithNewlineAndPriority_CannotStartALine()
    {
        Assert.Equal(
            "<6>Received create request for volume 'x\\n<3>forged\\r\\n<2>again'\n",
            Format(new JournalLogFormatter(), LogLevel.Information, "Received create request for volume 'x\n<3>forged\r\n<2>again'"));
    }

    [Fact]
    public void JournalFormatter_MessageLongerThanTheLimit_CutToIt()
    {
        // journald splits a longer line, and would read a priority at the start of the next piece.
        var message = "Received create request for volume '" + new string('a', 70_000) + "<0>forged'";

        var line = Format(new JournalLogFormatter(), LogLevel.Information, message);

        Assert.Equal(JournalLogFormatter.MaxMessageBytes + "<6>\n".Length, System.Text.Encoding.UTF8.GetByteCount(line));
        Assert.EndsWith(JournalLogFormatter.Cut + "\n", line);
        Assert.DoesNotContain("forged", line);
    }

    [Fact]
    public void JournalFormatter_CutInsideATwoUnitCharacter_KeepsItWhole()
    {
        // Three bytes left before the cut: room for half of the 4-byte emoji's UTF-16 pair, not for it.
        var head = new string('a', JournalLogFormatter.MaxMessageBytes - JournalLogFormatter.Cut.Length - 3);

        var line = Format(new JournalLogFormatter(), LogLevel.Information, head + "\U0001F600 tail");

        Assert.Equal("<6>" + head + JournalLogFormatter.Cut + "\n", line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Formatters_Exception_MessageEscapedOnTheSameLine(bool journal)
    {
        var options = new V1LogFormatterOptions { Prefix = "p", Clock = () => new DateTime(2026, 11, 28, 18, 19, 50) };
        ConsoleFormatter formatter = journal ? new JournalLogFormatter() : new V1LogFormatter(new StaticOptions(options));

        var line = Format(formatter, LogLevel.Warning, "Connection reset", new IOException("peer said\n<3>forged"));

        Assert.Equal((journal ? "<4>" : "p | 2026/11/28 18:19:50 ") + "Connection reset: peer said\\n<3>forged\n", line);
    }

    private static string Format(ConsoleFormatter formatter, LogLevel level, string message, Exception? exception = null)
    {
        var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "nvidia-docker-plugin", default, message, exception, (s, _) => s), null, writer);
        return writer.ToString();
    }

    private sealed class StaticOptions(V1LogFormatterOptions value) : IOptionsMonitor<V1LogFormatterOptions>
    {
        public V1LogFormatterOptions CurrentValue => value;

        public V1LogFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<V1LogFormatterOptions, string?> listener) => null;
    }
}
