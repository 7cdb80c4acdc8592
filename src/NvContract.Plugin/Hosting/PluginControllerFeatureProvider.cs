using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using NvContract.Plugin.Controllers;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// Admits exactly the plugin controllers. They are internal, so MVC's default discovery (the
/// REST host's) never picks them up, and the plugin host uses only this provider, so no REST
/// controller is reachable on the plugin socket.
/// </summary>
internal sealed class PluginControllerFeatureProvider : IApplicationFeatureProvider<ControllerFeature>
{
    public static IReadOnlyList<Type> Controllers { get; } = [typeof(PluginController), typeof(VolumeDriverController)];

    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
    {
        feature.Controllers.Clear();
        foreach (var controller in Controllers)
        {
            feature.Controllers.Add(controller.GetTypeInfo());
        }
    }
}
