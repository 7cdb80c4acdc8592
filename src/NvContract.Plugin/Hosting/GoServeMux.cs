using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using NvContract.Hosting;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Request matching as v1's Go server and <c>http.ServeMux</c> did it, for the REST listener and the
/// plugin socket alike. Endpoint routing alone matches paths case-insensitively, with or without a
/// trailing slash, and answers a known path with another method by an empty 405; v1 answered every
/// path that is not exactly a route, and every other method, with <c>404 page not found</c>.
/// </summary>
/// <example>
/// <code>
/// app.Use(GoServeMux.BeforeRouting);
/// app.UseRouting();
/// app.Use(GoServeMux.AfterRouting);
/// </code>
/// </example>
public static class GoServeMux
{
    /// <summary>Go's <c>http.NotFound</c> body.</summary>
    public const string NotFoundBody = "404 page not found\n";

    /// <summary>The Content-Type of Go's error bodies, and what Go sniffed from an empty body.</summary>
    private const string PlainText = EncodedBody.Text;

    private static readonly byte[] NotFound = Encoding.UTF8.GetBytes(NotFoundBody);

    /// <summary>
    /// What v1 answered before looking a route up: the target <c>*</c> with an empty 400 that closes
    /// the connection (only <c>OPTIONS *</c> of a kept-alive connection gets here: see
    /// <see cref="AsteriskTarget"/>), and a path with empty, <c>.</c> or <c>..</c> segments with a
    /// 301 to the cleaned path.
    /// </summary>
    public static Task BeforeRouting(HttpContext context, RequestDelegate next)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (target == "*")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.Headers.Connection = "close";
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        // Kestrel has already removed dot segments from Request.Path: the raw target is what Go saw.
        // Only origin-form targets ("/path?query") are cleaned, as Go cleaned only the path.
        if (!target.StartsWith('/'))
        {
            return next(context);
        }

        var queryAt = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryAt < 0 ? target.AsSpan() : target.AsSpan(0, queryAt);
        if (IsClean(rawPath))
        {
            return next(context);
        }

        var path = rawPath.ToString();
        var clean = CleanPath(path);
        if (clean == path)
        {
            return next(context);
        }

        var query = queryAt < 0 || queryAt == target.Length - 1 ? string.Empty : target[queryAt..];
        return MovedPermanently(context, clean + query);
    }

    /// <summary>
    /// Lets a request through only to a route whose path is exactly the request's path (same case,
    /// no extra trailing slash), with the route's method; anything else is Go's 404.
    /// </summary>
    public static Task AfterRouting(HttpContext context, RequestDelegate next)
    {
        // Routing's own endpoint for a known path with another method is no RouteEndpoint.
        if (context.GetEndpoint() is RouteEndpoint route && IsExactly(route.RoutePattern, context.Request))
        {
            return next(context);
        }

        context.SetEndpoint(null);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = PlainText;
        response.ContentLength = NotFound.Length;
        return response.Body.WriteAsync(NotFound).AsTask();
    }

    /// <summary>
    /// Go's <c>cleanPath</c>: a rooted path without empty, <c>.</c> or <c>..</c> segments, keeping a
    /// trailing slash (<c>/v1.0//gpu/info</c> → <c>/v1.0/gpu/info</c>, <c>/a/../b/</c> → <c>/b/</c>).
    /// </summary>
    private static string CleanPath(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        var clean = "/" + string.Join('/', segments);
        return path.EndsWith('/') && clean != "/" ? clean + "/" : clean;
    }

    /// <summary>
    /// Go's <c>http.Redirect</c> with 301: the Location, and for GET a short HTML note (which Go
    /// sniffed as HTML); other methods get no body.
    /// </summary>
    private static Task MovedPermanently(HttpContext context, string location)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status301MovedPermanently;
        response.Headers.Location = location;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.ContentType = PlainText;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        var note = Encoding.UTF8.GetBytes($"<a href=\"{HtmlEscape(location)}\">Moved Permanently</a>.\n\n");
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = note.Length;
        return response.Body.WriteAsync(note).AsTask();
    }

    // Go's htmlEscape: these five characters only, the quotes as numeric references.
    private static string HtmlEscape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // Every route but the OpenAPI document's is a literal path: compared without building anything.
    private static bool IsExactly(RoutePattern pattern, HttpRequest request) =>
        pattern.Parameters.Count == 0 && pattern.RawText is ['/', ..] literal
            ? string.Equals(literal, request.Path.Value, StringComparison.Ordinal)
            : string.Equals(Expand(pattern, request.RouteValues), request.Path.Value, StringComparison.Ordinal);

    // What Go's cleanPath would change, found without allocating on the usual clean path.
    private static bool IsClean(ReadOnlySpan<char> path) =>
        !path.Contains("//", StringComparison.Ordinal)
        && !path.Contains("/./", StringComparison.Ordinal)
        && !path.Contains("/../", StringComparison.Ordinal)
        && !path.EndsWith("/.", StringComparison.Ordinal)
        && !path.EndsWith("/..", StringComparison.Ordinal);

    /// <summary>The path the route pattern stands for with the matched values, or null for a part it cannot spell.</summary>
    private static string? Expand(RoutePattern pattern, RouteValueDictionary values)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when values.TryGetValue(parameter.Name, out var value) && value is string text:
                        path.Append(text);
                        break;
                    default:
                        return null;
                }
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
