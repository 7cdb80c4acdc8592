using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using NvContract.Plugin.Generated;

namespace NvContract.Plugin.Controllers;

/// <summary>The plugin handshake. Internal so that only the plugin host, never the REST host, finds it.</summary>
internal sealed class PluginController(ILogger<PluginController> logger) : PluginControllerBase
{
    public override Task<ActionResult<ActivateResponse>> Activate()
    {
        logger.LogInformation("Received activate request");
        var reply = new ActivateResponse { Implements = ["VolumeDriver"] };
        logger.LogInformation("Plugins activated [{Implements}]", string.Join(' ', reply.Implements));
        return Task.FromResult<ActionResult<ActivateResponse>>(reply);
    }
}
