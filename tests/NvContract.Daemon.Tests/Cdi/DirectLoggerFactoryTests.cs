using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NvContract.Daemon.Logging;

namespace NvContract.Daemon.Tests.Cdi;

public class DirectLoggerFactoryTests
{
    [Fact]
    public void Log_V1Formatter_V1LineFromInformationUp()
    {
        var writer = new StringWriter();
        var options = new V1LogFormatterOptions { Prefix = "nvidia-docker-plugin", Clock = () => new DateTime(2026, 11, 28, 18, 19, 50) };
        using var factory = new DirectLoggerFactory(new V1LogFormatter(new OptionsMonitor(options)), writer);
        var logger = factory.CreateLogger("any");

        logger.LogDebug("not shown");
        logger.LogInformation("Wrote CDI spec {Path}", "/tmp/x.json");
        logger.LogError("Error: {Message}", "no GPU");

        Assert.Equal("nvidia-docker-plugin | 2026/11/28 18:19:50 Wrote CDI spec /tmp/x.json\nnvidia-docker-plugin | 2026/11/28 18:19:50 Error: no GPU\n", writer.ToString());
    }

    [Fact]
    public void Log_JournalFormatter_PriorityPrefix()
    {
        var writer = new StringWriter();
        using var factory = new DirectLoggerFactory(new JournalLogFormatter(), writer);

        factory.CreateLogger("any").LogWarning("Leaving GPU 1 out");

        Assert.Equal("<4>Leaving GPU 1 out\n", writer.ToString());
    }

    private sealed class OptionsMonitor(V1LogFormatterOptions value) : IOptionsMonitor<V1LogFormatterOptions>
    {
        public V1LogFormatterOptions CurrentValue => value;

        public V1LogFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<V1LogFormatterOptions, string?> listener) => null;
    }
}
