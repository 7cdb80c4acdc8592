using System.Globalization;

namespace NvContract.Bench.Load;

/// <summary>What to send, over what, and for how long or how many times.</summary>
internal sealed record LoadOptions
{
    public required Uri Url { get; init; }

    /// <summary>A unix socket to connect to instead of the URL's host and port.</summary>
    public string? UnixSocket { get; init; }

    /// <summary>A Docker-style certificate folder (ca.pem, cert.pem, key.pem) for an https:// URL.</summary>
    public string? CertPath { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public string? Body { get; init; }

    public int Connections { get; init; } = 1;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests sent before measuring, so the generator's own JIT is not measured.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A fixed number of requests instead of a duration (no warm-up then).</summary>
    public long? Requests { get; init; }

    public const string Usage =
        "usage: NvContract.Bench.Load URL [--unix PATH] [--cert-path DIR] [-X METHOD] [-H 'Name: value']... [--body TEXT]\n" +
        "                             [-c CONNECTIONS] [-d SECONDS] [--warmup SECONDS] [-n REQUESTS]";

    public static LoadOptions Parse(string[] args)
    {
        Uri? url = null;
        string? unix = null, body = null, certPath = null;
        var method = HttpMethod.Get;
        int connections = 1;
        double duration = 10, warmup = 2;
        long? requests = null;
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
            switch (args[i])
            {
                case "--unix": unix = Next(); break;
                case "--cert-path": certPath = Next(); break;
                case "-X": method = new HttpMethod(Next()); break;
                case "-H":
                    var header = Next();
                    var colon = header.IndexOf(':');
                    headers.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "--body": body = Next(); break;
                case "-c": connections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "-d": duration = double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture); break;
                case "-n": requests = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                default:
                    url = url is null ? new Uri(args[i]) : throw new ArgumentException($"unexpected argument {args[i]}");
                    break;
            }
        }

        var options = new LoadOptions
        {
            Url = url ?? throw new ArgumentException("a URL is required"),
            UnixSocket = unix,
            CertPath = certPath,
            Method = method,
            Body = body,
            Connections = connections,
            Duration = TimeSpan.FromSeconds(duration),
            Warmup = TimeSpan.FromSeconds(warmup),
            Requests = requests,
        };
        options.Headers.AddRange(headers);
        return options;
    }
}
