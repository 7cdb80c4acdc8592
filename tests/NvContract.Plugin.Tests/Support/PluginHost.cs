using Microsoft.AspNetCore.Builder;
using NvContract.Plugin.Tests.Client;
using NvContract.Testing;

namespace NvContract.Plugin.Tests.Support;

/// <summary>A running plugin server on a unix socket in a temporary folder, over a fake driver root.</summary>
public sealed class PluginHost : IAsyncDisposable
{
    public const string Version = "550.54.15";

    private PluginHost(FakeDriverRoot root, TempFolder folder, PluginServerOptions options, WebApplication app, LogCapture logs, FakeGpuSource gpus)
    {
        Gpus = gpus;
        Root = root;
        Folder = folder;
        Options = options;
        App = app;
        Logs = logs;
        Http = UnixSocketHttp.Create(options.SocketPath);
        Client = new PluginClient(Http);
    }

    public FakeDriverRoot Root { get; }

    public TempFolder Folder { get; }

    public PluginServerOptions Options { get; }

    public WebApplication App { get; }

    public LogCapture Logs { get; }

    public HttpClient Http { get; }

    /// <summary>The client generated from spec/plugin-protocol.yaml.</summary>
    public PluginClient Client { get; }

    /// <summary>The GPU source the server reads the driver version from; set its Driver to simulate an upgrade.</summary>
    public FakeGpuSource Gpus { get; }

    public string SocketPath => Options.SocketPath;

    public string Mountpoint(string version = Version) => Path.Join(Options.VolumesDirectory, "nvidia_driver", version);

    public static async Task<PluginHost> StartAsync(Action<TempFolder>? beforeStart = null)
    {
        var root = FakeDriverRoot.WithDriver(Version);
        var folder = new TempFolder();
        beforeStart?.Invoke(folder);
        var options = new PluginServerOptions
        {
            SocketDirectory = folder.Combine("plugins"),
            VolumesDirectory = folder.Combine("volumes"),
            DriverRoot = root.Root,
            SearchPath = FakeDriverRoot.SearchPath,
        };
        var logs = new LogCapture();
        var gpus = new FakeGpuSource(Version);
        var app = PluginServer.Build(options, gpus, logs.Factory);
        await PluginServer.StartAsync(app);
        return new PluginHost(root, folder, options, app, logs, gpus);
    }

    public Task<RawHttp.Reply> SendAsync(string path, string? json, string accept = UnixSocketHttp.DockerAccept, string method = "POST") =>
        RawHttp.SendAsync(SocketPath, RawHttp.DockerRequest(path, json, accept, method));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Root.Dispose();
        Folder.Dispose();
    }
}
