using System.Diagnostics;

namespace NvContract.Bench.Startup;

/// <summary>
/// Starts the daemon and polls a URL every millisecond until it answers 200: the time from
/// exec to the first answer a client can use. The client is warmed up against a closed port
/// first, so its own first-use costs are not counted.
/// </summary>
internal sealed class FirstAnswer(string url, string executable, IReadOnlyList<string> arguments)
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) });

    public async Task WarmUpAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            await TryAsync();
        }
    }

    public async Task<TimeSpan> MeasureAsync()
    {
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var log = process.StandardError.ReadToEndAsync();
        try
        {
            var deadline = started + (10 * Stopwatch.Frequency);
            while (!await TryAsync())
            {
                if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
                {
                    throw new InvalidOperationException($"the daemon did not answer:\n{await log}");
                }

                // Poll on the next millisecond tick.
                var next = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 1000);
                while (Stopwatch.GetTimestamp() < next)
                {
                    Thread.SpinWait(20);
                }
            }

            return Stopwatch.GetElapsedTime(started);
        }
        finally
        {
            Signals.Terminate(process.Id);
            await process.WaitForExitAsync();
            await log;
        }
    }

    private async Task<bool> TryAsync()
    {
        try
        {
            using var response = await _client.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
