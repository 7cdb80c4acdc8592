using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;
using NvContract.Core.Gpu;
using NvContract.Core.Mesos;
using NvContract.Daemon.Json;

namespace NvContract.Daemon.Controllers;

/// <summary>/mesos/cli: the Mesos agent arguments, carrying the exact /gpu/info/json body.</summary>
public sealed class MesosController(IGpuSource gpus) : MesosControllerBase
{
    public override Task<ActionResult<string>> GetMesosCli(CancellationToken cancellationToken = default)
    {
        var info = V1Json.Serialize(ApiMapping.ToGpuInfo(gpus.GetVersions(), gpus.Devices));
        return Task.FromResult<ActionResult<string>>(MesosArguments.Format(info, gpus.Devices.Select(d => d.Uuid)));
    }

    public override Task<ActionResult<string>> GetMesosCliLatest(CancellationToken cancellationToken = default) => GetMesosCli(cancellationToken);
}
