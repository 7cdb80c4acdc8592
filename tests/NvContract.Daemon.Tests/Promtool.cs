using System.Diagnostics;

namespace NvContract.Daemon.Tests;

/// <summary>
/// <c>promtool check metrics</c> over an exposition. Exit 1 is a parse error; exit 3 lists lint
/// problems, one per line on stderr as <c>&lt;family&gt; &lt;problem&gt;</c>.
/// </summary>
internal static class Promtool
{
    /// <summary>
    /// The lint rules dcgm-exporter's own names break, kept so its dashboards and alerts work
    /// unchanged: the <c>modelName</c> label, counters without <c>_total</c>, and
    /// DCGM_FI_DEV_PCIE_REPLAY_COUNTER's "counter" in its name.
    /// </summary>
    public static readonly string[] DcgmNamingProblems =
    [
        "label names should be written in 'snake_case' not 'camelCase'",
        "counter metrics should have \"_total\" suffix",
        "metric name should not include type 'counter'",
    ];

    public static async Task<(int ExitCode, string[] Problems)> CheckMetricsAsync(byte[] exposition)
    {
        var info = new ProcessStartInfo(PrometheusFactAttribute.Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var lines = (await stderr + await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, lines);
    }

    /// <summary>Problems other than <see cref="DcgmNamingProblems"/> on a DCGM_FI_* family: what must not exist.</summary>
    public static string[] Unexpected(IEnumerable<string> problems) =>
        problems.Where(p => !(p.StartsWith("DCGM_FI_", StringComparison.Ordinal) && DcgmNamingProblems.Any(p.EndsWith))).ToArray();
}
