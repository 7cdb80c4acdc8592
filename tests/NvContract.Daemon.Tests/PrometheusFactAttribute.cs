using System.Diagnostics.CodeAnalysis;

namespace NvContract.Daemon.Tests;

/// <summary>A fact that needs Prometheus' own tools (Debian's <c>prometheus</c> package: /usr/bin/prometheus and promtool).</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public const string Prometheus = "/usr/bin/prometheus";

    public const string Promtool = "/usr/bin/promtool";

    [SuppressMessage("Design", "CA1019", Justification = "xunit reads Skip")]
    public PrometheusFactAttribute()
    {
        Skip = File.Exists(Prometheus) && File.Exists(Promtool) ? null : $"Prometheus is not installed ({Prometheus}, {Promtool}): apt-get install prometheus";
    }
}
