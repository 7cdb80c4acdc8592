using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NvContract.Plugin.Contract;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Controllers;

/// <summary>The plugin handshake.</summary>
internal sealed class PluginController(ILogger<PluginController> logger) : PluginControllerBase
{
    public override Task<IResult> Activate(CancellationToken cancellationToken)
    {
        logger.LogInformation("Received activate request");
        var reply = new ActivateResponse { Implements = ["VolumeDriver"] };
        logger.LogInformation("Plugins activated [{Implements}]", string.Join(' ', reply.Implements));
        return PluginReply.Of(reply, PluginJson.Types.ActivateResponse);
    }
}
