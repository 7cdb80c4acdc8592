using System.Text;
using NvContract.Api.Generated;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Core.Mig;
using NvContract.Core.Output;
using NvContract.Daemon.Responses;
using NvContract.Hosting;

namespace NvContract.Daemon.Controllers;

/// <summary>/docker/cli[/json]: the arguments that give a container the selected GPUs and the driver volume.</summary>
public sealed class DockerController(IGpuSource gpus, DeviceNodes deviceNodes, MigDeviceNodes migNodes, ILogger<DockerController> logger) : DockerControllerBase
{
    public override Task<IResult> GetDockerCli(string? dev, string? vol, CancellationToken cancellationToken) =>
        Answer(dev, vol, a => new EncodedBody(Encoding.UTF8.GetBytes(a.ToCommandLine()), EncodedBody.Text));

    public override Task<IResult> GetDockerCliJson(string? dev, string? vol, CancellationToken cancellationToken) =>
        Answer(dev, vol, a => new EncodedBody(JsonLine.Serialize(ApiMapping.ToDockerCli(a), V1Json.Types.DockerCli), EncodedBody.Json));

    public override Task<IResult> GetDockerCliLatest(string? dev, string? vol, CancellationToken cancellationToken) =>
        GetDockerCli(dev, vol, cancellationToken);

    public override Task<IResult> GetDockerCliJsonLatest(string? dev, string? vol, CancellationToken cancellationToken) =>
        GetDockerCliJson(dev, vol, cancellationToken);

    private Task<IResult> Answer(string? dev, string? vol, Func<DockerArguments, EncodedBody> encode)
    {
        try
        {
            var devices = DeviceSelection.Select(dev, gpus.Devices, () => gpus.MigDevices);
            var volumes = DeviceSelection.Volumes(vol);
            return encode(DockerArguments.Build(devices, volumes, gpus.GetVersions().Driver, deviceNodes, migNodes)).AsTask();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // v1 answers every failure here, a bad token or a driver query, with 400 and the error text.
            if (e is not InvalidSelectionException)
            {
                logger.LogError("Error: {Message}", e.Message);
            }

            return new EncodedBody(Encoding.UTF8.GetBytes(e.Message + "\n"), EncodedBody.Text, StatusCodes.Status400BadRequest).AsTask();
        }
    }
}
