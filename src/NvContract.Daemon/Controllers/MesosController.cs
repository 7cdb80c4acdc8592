using NvContract.Api.Generated;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/mesos/cli: the Mesos agent arguments, carrying the exact /gpu/info/json body.</summary>
public sealed class MesosController(ResponseBodies bodies) : MesosControllerBase
{
    public override Task<IResult> GetMesosCli(CancellationToken cancellationToken) => new EncodedBody(bodies.MesosCli(), EncodedBody.Text).AsTask();

    public override Task<IResult> GetMesosCliLatest(CancellationToken cancellationToken) => GetMesosCli(cancellationToken);
}
