using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace NvContract.Client;

/// <summary>Registers <see cref="INvContractApi"/> with the HttpClientFactory.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Registers a client for a daemon listening on TCP at <paramref name="baseAddress"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="baseAddress">The daemon's address, e.g. <c>http://localhost:3476</c>.</param>
    /// <returns>The client's builder, for further configuration (timeouts, handlers).</returns>
    public static IHttpClientBuilder AddNvContractClient(this IServiceCollection services, Uri baseAddress) =>
        services.AddRefitGeneratedClient<INvContractApi>()
            .ConfigureHttpClient(c => c.BaseAddress = baseAddress);

    /// <summary>Registers a client for the daemon a <see cref="NvContractConnection"/> describes (TLS, client certificate, token).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connection">The daemon and the credentials.</param>
    /// <returns>The client's builder, for further configuration.</returns>
    public static IHttpClientBuilder AddNvContractClient(this IServiceCollection services, NvContractConnection connection) =>
        services.AddRefitGeneratedClient<INvContractApi>()
            .ConfigureHttpClient(c => c.BaseAddress = connection.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(connection.CreateHandler);

    /// <summary>Registers a client for a daemon whose REST API listens on the unix socket at <paramref name="socketPath"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="socketPath">Path of the unix socket.</param>
    /// <returns>The client's builder, for further configuration.</returns>
    public static IHttpClientBuilder AddNvContractClientOverUnixSocket(this IServiceCollection services, string socketPath) =>
        services.AddRefitGeneratedClient<INvContractApi>()
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("http://localhost"))
            .ConfigurePrimaryHttpMessageHandler(() => NvContractClient.UnixSocketHandler(socketPath));
}
