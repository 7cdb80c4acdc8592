using Microsoft.AspNetCore.Mvc;
using NvContract.Api.Generated;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;

namespace NvContract.Daemon.Controllers;

/// <summary>/docker/cli[/json]: the arguments that give a container the selected GPUs and the driver volume.</summary>
public sealed class DockerController(IGpuSource gpus, DeviceNodes deviceNodes, ILogger<DockerController> logger) : DockerControllerBase
{
    public override Task<ActionResult<string>> GetDockerCli(string? dev = null, string? vol = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer<string>(dev, vol, a => a.ToCommandLine()));

    public override Task<ActionResult<DockerCli>> GetDockerCliJson(string? dev = null, string? vol = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(dev, vol, ApiMapping.ToDockerCli));

    public override Task<ActionResult<string>> GetDockerCliLatest(string? dev = null, string? vol = null, CancellationToken cancellationToken = default) =>
        GetDockerCli(dev, vol, cancellationToken);

    public override Task<ActionResult<DockerCli>> GetDockerCliJsonLatest(string? dev = null, string? vol = null, CancellationToken cancellationToken = default) =>
        GetDockerCliJson(dev, vol, cancellationToken);

    private ActionResult<T> Answer<T>(string? dev, string? vol, Func<DockerArguments, T> shape)
    {
        try
        {
            var devices = DeviceSelection.Devices(dev, gpus.Devices);
            var volumes = DeviceSelection.Volumes(vol);
            return shape(DockerArguments.Build(devices, volumes, gpus.GetVersions().Driver, deviceNodes));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // v1 answers every failure here, a bad token or a driver query, with 400 and the error text.
            if (e is not InvalidSelectionException)
            {
                logger.LogError("Error: {Message}", e.Message);
            }

            return new ContentResult { StatusCode = StatusCodes.Status400BadRequest, Content = e.Message + "\n", ContentType = "text/plain; charset=utf-8" };
        }
    }
}
