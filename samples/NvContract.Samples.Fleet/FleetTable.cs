using System.Globalization;
using NvContract.Client;

namespace NvContract.Samples.Fleet;

/// <summary>Prints one row per GPU; a host that did not answer gets one row with the reason.</summary>
public static class FleetTable
{
    public static readonly string[] Header = ["HOST", "GPU", "MODEL", "MEMORY MiB", "UTIL", "TEMP", "POWER W"];

    private const string NotAvailable = "N/A";

    public static void Write(IEnumerable<HostReport> reports, TextWriter output)
    {
        var rows = new List<string[]>();
        var failures = new List<(int Row, string Error)>();
        foreach (var report in reports)
        {
            if (report.Error is not null)
            {
                failures.Add((rows.Count, report.Error));
                rows.Add([report.Address, "-"]);
                continue;
            }

            var devices = report.Info!.Devices;
            for (var i = 0; i < devices.Count; i++)
            {
                // The status list is matched with the information list by position.
                var status = i < report.Status!.Devices.Count ? report.Status.Devices[i] : null;
                rows.Add(Row(report.Address, i, devices[i], status));
            }
        }

        var widths = Header.Select((h, c) => rows.Where(r => c < r.Length).Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine(Format(Header, widths));
        for (var r = 0; r < rows.Count; r++)
        {
            var error = failures.Find(f => f.Row == r).Error;
            output.WriteLine(error is null ? Format(rows[r], widths) : Format(rows[r], widths) + "  error: " + error);
        }
    }

    private static string[] Row(string host, int index, Device device, DeviceStatus? status) =>
    [
        host,
        index.ToString(CultureInfo.InvariantCulture),
        device.Model ?? NotAvailable,
        $"{Value(status?.Memory.GlobalUsed)} / {Value(device.Memory.Global)}",
        Value(status?.Utilization.GPU, " %"),
        Value(status?.Temperature, " °C"),
        $"{Value(status?.Power)} / {Value(device.Power)}",
    ];

    private static string Value(long? value, string unit = "") =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) + unit : NotAvailable;

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
