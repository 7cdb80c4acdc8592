namespace NvContract.Daemon.Hosting;

/// <summary>A fatal start-up failure: logged as <c>Error: &lt;message&gt;</c>, then exit 1 (v1's rule).</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
