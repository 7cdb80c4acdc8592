using System.Diagnostics;
using System.Text;

namespace NvContract.Bench.Load;

/// <summary>
/// N connections, each a closed loop (send, read the whole body, send again), like wrk: a
/// warm-up phase that records nothing, then a measured phase bounded by time or by a count.
/// </summary>
internal sealed class LoadRun(LoadOptions options)
{
    private readonly byte[]? _body = options.Body is null ? null : Encoding.UTF8.GetBytes(options.Body);
    private long _errors;

    public async Task<LatencySummary> RunAsync()
    {
        var clients = Enumerable.Range(0, options.Connections).Select(_ => Connection.Open(options)).ToArray();
        try
        {
            if (options.Requests is null && options.Warmup > TimeSpan.Zero)
            {
                var warmupEnd = Stopwatch.GetTimestamp() + Ticks(options.Warmup);
                await Task.WhenAll(clients.Select(c => Task.Run(() => LoopAsync(c, () => Stopwatch.GetTimestamp() < warmupEnd, null))));
                _errors = 0;
            }

            var samples = clients.Select(_ => new List<long>(1 << 16)).ToArray();
            var started = Stopwatch.GetTimestamp();
            Func<bool> more;
            if (options.Requests is { } count)
            {
                var remaining = count;
                more = () => Interlocked.Decrement(ref remaining) >= 0;
            }
            else
            {
                var end = started + Ticks(options.Duration);
                more = () => Stopwatch.GetTimestamp() < end;
            }

            await Task.WhenAll(clients.Select((c, i) => Task.Run(() => LoopAsync(c, more, samples[i]))));
            return LatencySummary.From(samples, Interlocked.Read(ref _errors), Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task LoopAsync(HttpClient client, Func<bool> more, List<long>? samples)
    {
        var sink = new byte[16 * 1024];
        while (more())
        {
            var start = Stopwatch.GetTimestamp();
            var ok = await SendAsync(client, sink);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (!ok)
            {
                Interlocked.Increment(ref _errors);
            }
            else
            {
                samples?.Add(elapsed);
            }
        }
    }

    private async Task<bool> SendAsync(HttpClient client, byte[] sink)
    {
        try
        {
            using var request = new HttpRequestMessage(options.Method, options.Url.PathAndQuery);
            foreach (var (name, value) in options.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (_body is not null)
            {
                // No Content-Type, as Docker sends plugin requests.
                request.Content = new ByteArrayContent(_body);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            while (await body.ReadAsync(sink) > 0)
            {
            }

            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return false;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
