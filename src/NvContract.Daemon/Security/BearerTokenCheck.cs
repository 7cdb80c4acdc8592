using NvContract.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// With <c>--auth-token-file</c>, every request but the liveness probe <c>/health</c> needs
/// <c>Authorization: Bearer &lt;token&gt;</c>; without it, or with a wrong one, the answer is
/// <c>401</c> with <c>WWW-Authenticate</c> (RFC 6750) and nothing else is read or computed.
/// </summary>
/// <remarks>
/// <c>/health</c> stays open because liveness probes (the kubelet's <c>httpGet</c>, load
/// balancers, monitoring) cannot all carry a secret, and it says only that the daemon answers:
/// no GPU, process or driver detail. Mutual TLS still applies to it, as to every connection.
/// </remarks>
public static class BearerTokenCheck
{
    public const string Realm = "nvidia-docker-plugin";

    /// <summary>The route answered without a token.</summary>
    public const string LivenessPath = "/health";

    public const string UnauthorizedBody = "401 unauthorized: send Authorization: Bearer <token>\n";

    public static Func<HttpContext, RequestDelegate, Task> Middleware(BearerTokens tokens, RejectionAudit audit) => async (context, next) =>
    {
        if (context.Request.Path.Value == LivenessPath)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null;
        if (tokens.Admits(header))
        {
            await next(context);
            return;
        }

        var presented = BearerTokens.Token(header) is not null;
        audit.Rejected(context.Connection.RemoteIpAddress, presented ? RejectionReason.BadToken : RejectionReason.NoToken);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = presented
            ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{Realm}\"";
        context.Response.ContentType = EncodedBody.Text;
        context.Response.ContentLength = UnauthorizedBody.Length;
        await context.Response.WriteAsync(UnauthorizedBody);
    };
}
