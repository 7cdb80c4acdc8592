using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using NvContract.Core.Volumes;
using NvContract.Plugin.Contract;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Controllers;

/// <summary>
/// The VolumeDriver endpoints (v1 §2.2). Volume errors are thrown as <see cref="VolumeException"/>
/// and turned into <c>{"Err": ...}</c> once, by <see cref="Hosting.PluginErrorFilter"/>.
/// </summary>
internal sealed class VolumeDriverController(DriverVolumes volumes, ILogger<VolumeDriverController> logger) : VolumeDriverControllerBase
{
    public override async Task<ActionResult<ErrResponse>> Create(CreateRequest body)
    {
        var name = NameOf(body?.Name, body);
        logger.LogInformation("Received create request for volume '{Name}'", name);
        await volumes.CreateAsync(name, HttpContext.RequestAborted);
        return new ErrResponse();
    }

    public override async Task<ActionResult<ErrResponse>> Remove(NameRequest body)
    {
        var name = NameOf(body?.Name, body);
        logger.LogInformation("Received remove request for volume '{Name}'", name);
        await volumes.RemoveAsync(name, HttpContext.RequestAborted);
        return new ErrResponse();
    }

    public override Task<ActionResult<MountResponse>> Mount(MountRequest body) => Locate(NameOf(body?.Name, body));

    // v1 answers Path exactly like Mount, log line included.
    public override Task<ActionResult<MountResponse>> Path(NameRequest body) => Locate(NameOf(body?.Name, body));

    public override Task<ActionResult<ErrResponse>> Unmount(MountRequest body)
    {
        var name = NameOf(body?.Name, body);
        logger.LogInformation("Received unmount request for volume '{Name}'", name);
        VolumeName.Parse(name);
        return Task.FromResult<ActionResult<ErrResponse>>(new ErrResponse());
    }

    public override Task<ActionResult<GetResponse>> Get(NameRequest body)
    {
        var name = NameOf(body?.Name, body);
        var volume = new Volume { Name = name, Mountpoint = volumes.GetMountpoint(name) };
        return Task.FromResult<ActionResult<GetResponse>>(new GetResponse { Volume = volume });
    }

    public override Task<ActionResult<ListResponse>> List()
    {
        var found = volumes.List().Select(v => (Volume?)new Volume { Name = v.Name, Mountpoint = v.Mountpoint }).ToList();
        return Task.FromResult<ActionResult<ListResponse>>(new ListResponse { Volumes = found.Count == 0 ? null : found });
    }

    public override Task<ActionResult<CapabilitiesResponse>> Capabilities() =>
        Task.FromResult<ActionResult<CapabilitiesResponse>>(new CapabilitiesResponse { Capabilities = new Generated.Capabilities { Scope = "local" } });

    private Task<ActionResult<MountResponse>> Locate(string name)
    {
        logger.LogInformation("Received mount request for volume '{Name}'", name);
        return Task.FromResult<ActionResult<MountResponse>>(new MountResponse { Mountpoint = volumes.GetMountpoint(name) });
    }

    // v1 decoded a missing Name as "" (then "bad volume format: "); only an undecodable body is a 500.
    private static string NameOf(string? name, object? body) =>
        body is null ? throw new PluginRequestException("failed to decode the request body") : name ?? string.Empty;
}
