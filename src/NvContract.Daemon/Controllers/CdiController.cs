using System.Text;
using NvContract.Api.Generated;
using NvContract.Core.Docker;
using NvContract.Core.Gpu;
using NvContract.Hosting;
using CdiDeviceSelection = NvContract.Core.Cdi.CdiDeviceSelection;
using CdiGenerator = NvContract.Core.Cdi.CdiGenerator;

namespace NvContract.Daemon.Controllers;

/// <summary>/v1.1/cdi/spec and /v1.1/docker/cli: the CDI spec as the daemon writes it, and arguments that name its devices.</summary>
public sealed class CdiController(IGpuSource gpus, CdiGenerator generator) : CdiControllerBase
{
    /// <summary>The 404 body when no GPU can be named.</summary>
    public const string NoDevice = "no GPU device to name in a CDI spec\n";

    public override Task<IResult> GetCdiSpec(CancellationToken cancellationToken) =>
        (generator.Generate().Spec is { } spec
            ? new EncodedBody(spec.ToJson(), EncodedBody.Json)
            : new EncodedBody(Encoding.UTF8.GetBytes(NoDevice), EncodedBody.Text, StatusCodes.Status404NotFound)).AsTask();

    public override Task<IResult> GetDockerCliCdi(string? dev, CancellationToken cancellationToken)
    {
        try
        {
            var names = CdiDeviceSelection.Names(dev, gpus);
            var line = string.Join(' ', names.Select(name => $"--device={generator.Kind.Qualify(name)}"));
            return new EncodedBody(Encoding.UTF8.GetBytes(line), EncodedBody.Text).AsTask();
        }
        catch (InvalidSelectionException e)
        {
            // v1's answer to a bad token: 400 and the error text.
            return new EncodedBody(Encoding.UTF8.GetBytes(e.Message + "\n"), EncodedBody.Text, StatusCodes.Status400BadRequest).AsTask();
        }
    }
}
