using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NvContract.Core.Volumes;
using NvContract.Plugin.Contract;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Controllers;

/// <summary>
/// The VolumeDriver endpoints (docs/v1-compatibility.md §2.2). Volume errors are thrown as
/// <see cref="VolumeException"/>
/// and turned into <c>{"Err": ...}</c> by <see cref="PluginReply.OrErr{T}"/>.
/// </summary>
internal sealed class VolumeDriverController(DriverVolumes volumes, ILogger<VolumeDriverController> logger) : VolumeDriverControllerBase
{
    public override Task<IResult> Create(CreateRequest body, CancellationToken cancellationToken)
    {
        var name = NameOf(body.Name);
        logger.LogInformation("Received create request for volume '{Name}'", VolumeName.Printable(name));
        return PluginReply.OrErr(
            async () =>
            {
                await volumes.CreateAsync(name, cancellationToken);
                return new ErrResponse();
            },
            PluginJson.Types.ErrResponse);
    }

    public override Task<IResult> Remove(NameRequest body, CancellationToken cancellationToken)
    {
        var name = NameOf(body.Name);
        logger.LogInformation("Received remove request for volume '{Name}'", VolumeName.Printable(name));
        return PluginReply.OrErr(
            async () =>
            {
                await volumes.RemoveAsync(name, cancellationToken);
                return new ErrResponse();
            },
            PluginJson.Types.ErrResponse);
    }

    public override Task<IResult> Mount(MountRequest body, CancellationToken cancellationToken) => Locate(NameOf(body.Name));

    // v1 answers Path exactly like Mount, log line included.
    public override Task<IResult> Path(NameRequest body, CancellationToken cancellationToken) => Locate(NameOf(body.Name));

    public override Task<IResult> Unmount(MountRequest body, CancellationToken cancellationToken)
    {
        var name = NameOf(body.Name);
        logger.LogInformation("Received unmount request for volume '{Name}'", VolumeName.Printable(name));
        return PluginReply.OrErr(
            () =>
            {
                VolumeName.Parse(name);
                return Task.FromResult(new ErrResponse());
            },
            PluginJson.Types.ErrResponse);
    }

    public override Task<IResult> Get(NameRequest body, CancellationToken cancellationToken)
    {
        var name = NameOf(body.Name);
        return PluginReply.OrErr(
            () => Task.FromResult(new GetResponse { Volume = new Volume { Name = name, Mountpoint = volumes.GetMountpoint(name) } }),
            PluginJson.Types.GetResponse);
    }

    public override Task<IResult> List(CancellationToken cancellationToken) =>
        PluginReply.OrErr(
            () =>
            {
                var found = volumes.List().Select(v => (Volume?)new Volume { Name = v.Name, Mountpoint = v.Mountpoint }).ToList();
                return Task.FromResult(new ListResponse { Volumes = found.Count == 0 ? null : found });
            },
            PluginJson.Types.ListResponse);

    public override Task<IResult> Capabilities(CancellationToken cancellationToken) =>
        PluginReply.Of(new CapabilitiesResponse { Capabilities = new Generated.Capabilities { Scope = "local" } }, PluginJson.Types.CapabilitiesResponse);

    private Task<IResult> Locate(string name)
    {
        logger.LogInformation("Received mount request for volume '{Name}'", VolumeName.Printable(name));
        return PluginReply.OrErr(() => Task.FromResult(new MountResponse { Mountpoint = volumes.GetMountpoint(name) }), PluginJson.Types.MountResponse);
    }

    // v1 decoded a missing Name as "" (then "bad volume format: "). A missing body or one that is
    // not JSON never gets here: the generated binding throws, and that is v1's 500.
    private static string NameOf(string? name) => name ?? string.Empty;
}
