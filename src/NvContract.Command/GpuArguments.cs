using System.Globalization;
using System.Net;
using System.Security.Authentication;
using NvContract.Client;
using Refit;

namespace NvContract.Command;

/// <summary>The arguments a run or create gets for its GPUs, from the daemon through the SDK.</summary>
internal static class GpuArguments
{
    /// <exception cref="CommandException">The daemon, the image or the selection says no.</exception>
    public static async Task<IReadOnlyList<string>> ForAsync(DockerCommandLine line, DockerEngine engine, CommandSettings settings)
    {
        var labels = ImageInspector.Labels(engine, line.Image);
        var address = DaemonAddress.Resolve(settings.Host, EngineHost(line.GlobalOptions) ?? settings.DockerHost, settings.TlsVerify);
        var api = DaemonConnection.Create(address);

        var info = await AskAsync(address, () => api.GetGpuInfoJson());
        CudaVersion.Check(info.Version.CUDA, labels.CudaVersion);
        var selected = GpuSelection.DevWords(settings.Gpus, [.. info.Devices.Select(d => d.UUID)]);

        if (CdiSupport.Supported(engine.Command, engine.ServerVersion, engine.CdiSpecDirs, Notice))
        {
            // The daemon names the devices as its CDI spec does: its kind, GPUs by UUID and MIG
            // devices by MIG UUID (only the daemon knows them: the layout changes while it runs).
            // No NV_GPU asks for every device the spec has, which on a MIG host is not every GPU.
            var words = string.IsNullOrWhiteSpace(settings.Gpus)
                ? ""
                : string.Join(' ', selected.Select(w => GpuSelection.IsMig(w) ? w : info.Devices[int.Parse(w, CultureInfo.InvariantCulture)].UUID));
            var names = await AskAsync(address, () => api.GetDockerCliCdi(dev: words));
            return names.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        // vol= names the label's volumes; without the label, every volume. A label that names
        // none asks for the devices alone (the daemon has no "no volume" query).
        var volumes = labels.VolumesNeeded is { Count: > 0 } needed ? string.Join(' ', needed) : null;
        var reply = await AskAsync(address, () => api.GetDockerCli(dev: string.Join(' ', selected), vol: volumes));
        IReadOnlyList<string> arguments = reply.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (labels.VolumesNeeded is { Count: 0 })
        {
            arguments = [.. arguments.Where(a => !a.StartsWith("--volume", StringComparison.Ordinal))];
        }

        DriverVolume.Ensure(engine, arguments);
        return arguments;
    }

    /// <summary>A line on stderr that is not an error: the run goes on.</summary>
    private static void Notice(string message) => Console.Error.WriteLine(ErrorLine.Warning(message, DateTime.Now));

    /// <summary>The engine named by <c>-H</c>/<c>--host</c> among docker's global options, if any.</summary>
    public static string? EngineHost(IReadOnlyList<string> globalOptions)
    {
        string? host = null;
        for (var i = 0; i < globalOptions.Count; i++)
        {
            var option = globalOptions[i];
            if (option is "-H" or "--host" && i + 1 < globalOptions.Count)
            {
                host = globalOptions[++i];
            }
            else if (option.StartsWith("--host=", StringComparison.Ordinal) || option.StartsWith("-H=", StringComparison.Ordinal))
            {
                host = option[(option.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
            else if (option.StartsWith("-H", StringComparison.Ordinal) && option.Length > 2)
            {
                host = option[2..];
            }
        }

        return host;
    }

    private static async Task<T> AskAsync<T>(DaemonAddress address, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.BadRequest && !string.IsNullOrWhiteSpace(e.Content))
        {
            // The daemon's own words: "invalid volume: x", "invalid device: y".
            throw new CommandException(e.Content.Trim(), e);
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new CommandException($"nvidia-docker-plugin at {address} refused the request: no bearer token or a wrong one (NV_AUTH_TOKEN)", e);
        }
        catch (ApiException e)
        {
            throw new CommandException($"nvidia-docker-plugin at {address} answered {(int)e.StatusCode}: {e.Content?.Trim()}", e);
        }
        catch (ApiRequestException e) when (e.InnerException is OperationCanceledException)
        {
            throw new CommandException($"nvidia-docker-plugin at {address} did not answer in time", e);
        }
        catch (ApiRequestException e) when (address.Address?.Scheme == Uri.UriSchemeHttps && TlsFailure(e) is { } reason)
        {
            // With TLS 1.3 a daemon that wants a client certificate checks it after the client
            // thinks the handshake done, then closes: the client sees the answer end, not a reason.
            throw new CommandException($"no TLS session with nvidia-docker-plugin at {address}: {reason} (does it require a client certificate? NV_CERT_PATH or DOCKER_CERT_PATH names a folder with ca.pem, cert.pem and key.pem)", e);
        }
        catch (ApiRequestException e)
        {
            // No answer at all: Refit wraps what HttpClient threw.
            throw new CommandException($"cannot reach nvidia-docker-plugin at {address}: {e.InnerException?.Message ?? e.Message} (NV_HOST names the daemon)", e);
        }
    }

    /// <summary>The last words of a failed handshake or of a session closed before any answer; null for other failures.</summary>
    private static string? TlsFailure(Exception e)
    {
        string? reason = null;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException || inner is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
            {
                reason = inner.Message.Trim();
            }
            else if (reason is not null)
            {
                reason = inner.Message.Trim();
            }
        }

        return reason;
    }
}
