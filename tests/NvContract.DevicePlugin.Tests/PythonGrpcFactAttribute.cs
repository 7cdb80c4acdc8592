using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace NvContract.DevicePlugin.Tests;

/// <summary>
/// A fact that needs the Python kubelet stand-in's tools: Debian's python3-grpcio and
/// python3-protobuf (seen by /usr/bin/python3, not a python3 earlier on PATH), protoc and
/// grpc_python_plugin.
/// </summary>
public sealed class PythonGrpcFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public const string Protoc = "/usr/bin/protoc";

    public const string GrpcPythonPlugin = "/usr/bin/grpc_python_plugin";

    private const string Install = "apt-get install python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc";

    private static readonly string? Missing = FindMissing();

    [SuppressMessage("Design", "CA1019", Justification = "xunit reads Skip")]
    public PythonGrpcFactAttribute()
    {
        Skip = Missing is null ? null : $"the Python kubelet stand-in needs {Missing}: {Install}";
    }

    private static string? FindMissing()
    {
        foreach (var tool in new[] { Python, Protoc, GrpcPythonPlugin })
        {
            if (!File.Exists(tool))
            {
                return tool;
            }
        }

        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import grpc, google.protobuf"]) { RedirectStandardError = true, UseShellExecute = false })!;
        probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        return probe.ExitCode == 0 ? null : "the Python modules grpc and google.protobuf";
    }
}
