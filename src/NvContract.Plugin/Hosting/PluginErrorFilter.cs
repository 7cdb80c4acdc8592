using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Logging;
using NvContract.Core.Volumes;
using NvContract.Plugin.Contract;

namespace NvContract.Plugin.Hosting;

/// <summary>
/// The one place where plugin failures become replies. Volume errors are not HTTP errors in
/// Docker's protocol: status 200 with the action's reply type and only <c>Err</c> set (v1 §2.2).
/// Anything else is logged as <c>Error: &lt;err&gt;</c> and answered with v1's plain-text 500 (§2.3).
/// </summary>
internal sealed class PluginErrorFilter(ILogger<PluginErrorFilter> logger) : IExceptionFilter
{
    public const string InternalErrorBody = "internal error, check logs for details\n";

    public void OnException(ExceptionContext context)
    {
        if (context.Exception is VolumeException volume && ReplyType(context) is { } type && Activator.CreateInstance(type) is IErrEnvelope reply)
        {
            reply.Err = volume.Message;
            context.Result = new ObjectResult(reply) { StatusCode = StatusCodes.Status200OK, DeclaredType = type };
        }
        else
        {
            logger.LogError("Error: {Error}", context.Exception.Message);
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status500InternalServerError,
                Content = InternalErrorBody,
                ContentType = "text/plain; charset=utf-8",
            };
        }

        context.ExceptionHandled = true;
    }

    /// <summary>The <c>T</c> of the action's <c>Task&lt;ActionResult&lt;T&gt;&gt;</c>.</summary>
    private static Type? ReplyType(ExceptionContext context)
    {
        var returnType = (context.ActionDescriptor as ControllerActionDescriptor)?.MethodInfo.ReturnType;
        var actionResult = returnType is { IsGenericType: true } ? returnType.GetGenericArguments()[0] : null;
        return actionResult is { IsGenericType: true } && actionResult.GetGenericTypeDefinition() == typeof(ActionResult<>)
            ? actionResult.GetGenericArguments()[0]
            : null;
    }
}
