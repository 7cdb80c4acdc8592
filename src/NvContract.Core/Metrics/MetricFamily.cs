using System.Text;

namespace NvContract.Core.Metrics;

/// <summary>A metric family: its name, help text and type, with the header lines encoded once.</summary>
public sealed class MetricFamily
{
    public MetricFamily(string name, string type, string help)
    {
        Name = name;
        Type = type;
        Help = help;
        NameBytes = Encoding.UTF8.GetBytes(name);
        var escaped = help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        Header = Encoding.UTF8.GetBytes($"# HELP {name} {escaped}\n# TYPE {name} {type}\n");
        PrometheusName = MetricNamings.PrometheusName(name, type);
        PrometheusNameBytes = Encoding.UTF8.GetBytes(PrometheusName);
        PrometheusHeader = Encoding.UTF8.GetBytes($"# HELP {PrometheusName} {escaped}\n# TYPE {PrometheusName} {type}\n");
    }

    public string Name { get; }

    /// <summary><c>gauge</c> or <c>counter</c>.</summary>
    public string Type { get; }

    public string Help { get; }

    /// <summary>The name under <see cref="MetricNaming.Prometheus"/>.</summary>
    public string PrometheusName { get; }

    internal byte[] NameBytes { get; }

    internal byte[] Header { get; }

    internal byte[] PrometheusNameBytes { get; }

    internal byte[] PrometheusHeader { get; }

    public static MetricFamily Gauge(string name, string help) => new(name, "gauge", help);

    public static MetricFamily Counter(string name, string help) => new(name, "counter", help);
}
