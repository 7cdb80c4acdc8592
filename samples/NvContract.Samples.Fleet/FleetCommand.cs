using System.Globalization;

namespace NvContract.Samples.Fleet;

/// <summary>
/// <c>nvcontract-fleet [--timeout SECONDS] ADDRESS...</c>: exit 0 when every host answered, 1 when
/// some did not (they are in the table all the same), 2 on bad usage.
/// </summary>
public static class FleetCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const string Usage = "usage: nvcontract-fleet [--timeout SECONDS] ADDRESS...\n" +
        "  ADDRESS: http://host:port, host:port or unix:PATH (a daemon started with -l unix:PATH)\n";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var timeout = DefaultTimeout;
        var addresses = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--timeout")
            {
                if (i + 1 >= args.Length || !double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                {
                    await stderr.WriteAsync("--timeout needs a positive number of seconds\n" + Usage);
                    return 2;
                }

                timeout = TimeSpan.FromSeconds(seconds);
            }
            else if (args[i].StartsWith('-'))
            {
                await stderr.WriteAsync($"unknown option {args[i]}\n" + Usage);
                return 2;
            }
            else
            {
                addresses.Add(args[i]);
            }
        }

        if (addresses.Count == 0)
        {
            await stderr.WriteAsync(Usage);
            return 2;
        }

        var reports = await FleetQuery.QueryAsync(addresses, timeout, cancellationToken);
        FleetTable.Write(reports, stdout);
        return reports.Any(r => r.Error is not null) ? 1 : 0;
    }
}
