namespace NvContract.Core.Metrics;

/// <summary>How <c>/metrics</c> names dcgm-exporter's families and labels.</summary>
public enum MetricNaming
{
    /// <summary>
    /// dcgm-exporter's names exactly (the default), so its dashboards and alerts work unchanged:
    /// the camelCase <c>modelName</c> label, and counters without a <c>_total</c> suffix.
    /// </summary>
    Dcgm,

    /// <summary>
    /// The same families in Prometheus' naming rules, which <c>promtool check metrics</c> passes:
    /// counters end in <c>_total</c> (a trailing <c>_TOTAL</c> or <c>_COUNTER</c> becomes it, e.g.
    /// <c>DCGM_FI_DEV_PCIE_REPLAY_total</c>) and the model label is <c>model_name</c>.
    /// </summary>
    Prometheus,
}

/// <summary>Parsing and applying <see cref="MetricNaming"/>.</summary>
public static class MetricNamings
{
    /// <exception cref="FormatException">Neither <c>dcgm</c> nor <c>prometheus</c>.</exception>
    public static MetricNaming Parse(string value) => value switch
    {
        "dcgm" => MetricNaming.Dcgm,
        "prometheus" => MetricNaming.Prometheus,
        _ => throw new FormatException($"invalid value \"{value}\" for flag -metrics-naming: expected dcgm or prometheus"),
    };

    /// <summary>A family's name under Prometheus' rules: counters end in <c>_total</c>; gauges keep their name.</summary>
    public static string PrometheusName(string name, string type)
    {
        if (type != "counter" || name.EndsWith("_total", StringComparison.Ordinal))
        {
            return name;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["_TOTAL", "_COUNTER"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length] + "_total";
            }
        }

        return name + "_total";
    }

    /// <summary>The model label's name: dcgm-exporter's <c>modelName</c>, or <c>model_name</c>.</summary>
    public static string ModelLabel(MetricNaming naming) => naming == MetricNaming.Prometheus ? "model_name" : "modelName";
}
