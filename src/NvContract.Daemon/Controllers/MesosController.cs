using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;

namespace NvContract.Daemon.Controllers;

/// <summary>/mesos/cli: the Mesos agent arguments, carrying the exact /gpu/info/json body.</summary>
public sealed class MesosController(ResponseBodies bodies) : MesosControllerBase
{
    public override Task<ActionResult<string>> GetMesosCli(CancellationToken cancellationToken = default) =>
        Task.FromResult<ActionResult<string>>(new EncodedBody(bodies.MesosCli(), EncodedBody.Text));

    public override Task<ActionResult<string>> GetMesosCliLatest(CancellationToken cancellationToken = default) => GetMesosCli(cancellationToken);
}
