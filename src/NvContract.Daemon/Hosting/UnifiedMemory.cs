using System.Diagnostics;

namespace NvContract.Daemon.Hosting;

/// <summary>
/// Makes sure <c>/dev/nvidia-uvm</c> exists before containers are told to use it, as v1 did with
/// <c>nvidia-modprobe -u -c=0</c> (docs/v1-compatibility.md §1.2). Unlike v1 a failure is a warning,
/// not fatal:
/// the daemon can still describe the GPUs, and the log says what containers will miss.
/// </summary>
public static class UnifiedMemory
{
    private const string Modprobe = "nvidia-modprobe";

    public static void Load(string devRoot, ILogger logger)
    {
        logger.LogInformation("Loading NVIDIA unified memory");
        if (File.Exists(Path.Join(devRoot, "dev", "nvidia-uvm")))
        {
            return;
        }

        if (Path.GetFullPath(devRoot) != "/")
        {
            // Another root's device nodes are not ours to create.
            logger.LogWarning("Warning: {Path} does not exist; CUDA in containers needs it", Path.Join(devRoot, "dev", "nvidia-uvm"));
            return;
        }

        var failure = FindOnPath(Modprobe) is { } modprobe ? RunModprobe(modprobe) : $"{Modprobe} not found in PATH";
        if (failure is not null)
        {
            logger.LogWarning("Warning: could not load the UVM kernel module ({Reason}). Is nvidia-modprobe installed? CUDA in containers needs /dev/nvidia-uvm", failure);
        }
    }

    /// <returns>Null on success, else why it failed.</returns>
    private static string? RunModprobe(string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, ["-u", "-c=0"])
            {
                // Only stderr is read (for the warning); a redirected stdout nobody reads could block it.
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"nvidia-modprobe exited with {process.ExitCode}: {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    // Looked up first because a failed Process.Start costs start-up time (the runtime prepares
    // child-process handling and throws), and a host without the tool is common.
    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Join(folder, name))
            .FirstOrDefault(File.Exists);
}
