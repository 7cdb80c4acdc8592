using NvContract.Api.Generated;
using NvContract.Core.Metrics;

namespace NvContract.Daemon.Controllers;

/// <summary>/metrics: the cached exposition of the latest shared sample; never a driver call of its own.</summary>
public sealed class MetricsController(MetricsExposition exposition) : MetricsControllerBase
{
    public override async Task<IResult> GetMetrics(CancellationToken cancellationToken) => new MetricsBody(await exposition.ReadAsync());
}

/// <summary>The body as is, or its gzip form when the scraper accepts it (Prometheus always does).</summary>
public sealed class MetricsBody(MetricsExposition.Body body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MetricsExposition.ContentType;
        var bytes = body.Text;
        if (AcceptsGzip(httpContext.Request.Headers.AcceptEncoding))
        {
            bytes = body.Gzip;
            response.Headers.ContentEncoding = "gzip";
        }

        response.Headers.Vary = "Accept-Encoding";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes).AsTask();
    }

    private static bool AcceptsGzip(Microsoft.Extensions.Primitives.StringValues accept)
    {
        foreach (var header in accept)
        {
            foreach (var coding in (header ?? "").Split(','))
            {
                var parts = coding.Split(';');
                if (parts[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase)
                    && !parts.Skip(1).Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
