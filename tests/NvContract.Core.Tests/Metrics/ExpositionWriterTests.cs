using System.Text;
using NvContract.Core.Metrics;

namespace NvContract.Core.Tests.Metrics;

public class ExpositionWriterTests
{
    private static readonly MetricFamily Temperature = MetricFamily.Gauge("gpu_temp", "GPU temperature (in C).");
    private static readonly MetricFamily Energy = MetricFamily.Counter("energy_total", "Energy \\ with a\nnewline.");

    [Fact]
    public void Sample_FirstOfFamily_WritesHelpAndTypeOnce()
    {
        var writer = new ExpositionWriter();

        writer.Sample(Temperature, ExpositionWriter.Labels(("gpu", "0")), 30);
        writer.Sample(Temperature, ExpositionWriter.Labels(("gpu", "1")), 31);
        writer.Sample(Energy, [], 1.5);

        Assert.Equal(
            "# HELP gpu_temp GPU temperature (in C).\n# TYPE gpu_temp gauge\ngpu_temp{gpu=\"0\"} 30\ngpu_temp{gpu=\"1\"} 31\n" +
            "# HELP energy_total Energy \\\\ with a\\nnewline.\n# TYPE energy_total counter\nenergy_total 1.5\n",
            Text(writer));
    }

    [Theory]
    [InlineData("plain", "plain", "nothing to escape")]
    [InlineData("a \"quoted\" name", "a \\\"quoted\\\" name", "double quotes")]
    [InlineData("back\\slash", "back\\\\slash", "a backslash")]
    [InlineData("two\nlines", "two\\nlines", "a newline")]
    [InlineData("Grüße", "Grüße", "UTF-8 text as is")]
    public void Labels_Value_IsEscapedAsTheFormatRequires(string value, string expected, string description)
    {
        Assert.True($"name=\"{expected}\"" == Encoding.UTF8.GetString(ExpositionWriter.Labels(("name", value))), description);
    }

    [Theory]
    [InlineData(100.999, "100.999")]
    [InlineData(612.0, "612")]
    [InlineData(0.1, "0.1")]
    public void Sample_Double_IsShortestRoundTrip(double value, string expected)
    {
        var writer = new ExpositionWriter();

        writer.Sample(Energy, [], value);

        Assert.EndsWith($"energy_total {expected}\n", Text(writer));
    }

    [Fact]
    public void Reset_EmptiesTheBufferAndReopensFamilies()
    {
        var writer = new ExpositionWriter();
        writer.Sample(Temperature, [], 1);

        writer.Reset();
        writer.Sample(Temperature, [], 2);

        Assert.Equal("# HELP gpu_temp GPU temperature (in C).\n# TYPE gpu_temp gauge\ngpu_temp 2\n", Text(writer));
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("a=\"1\"", "", "a=\"1\"")]
    [InlineData("", "b=\"2\"", "b=\"2\"")]
    [InlineData("a=\"1\"", "b=\"2\"", "a=\"1\",b=\"2\"")]
    public void Join_TwoLabelSets_AreCommaSeparated(string first, string second, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(ExpositionWriter.Join(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second))));
    }

    private static string Text(ExpositionWriter writer) => Encoding.UTF8.GetString(writer.Written);
}
