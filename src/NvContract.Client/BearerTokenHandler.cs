using System.Net.Http.Headers;

namespace NvContract.Client;

/// <summary>Adds <c>Authorization: Bearer &lt;token&gt;</c> to every request (the daemon's <c>--auth-token-file</c>).</summary>
internal sealed class BearerTokenHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
