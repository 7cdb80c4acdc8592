using System.Diagnostics;
using NvContract.Testing;

namespace NvContract.Daemon.Tests.Cdi;

/// <summary>
/// The built <c>nvidia-docker-cdi-generate</c>: the same bytes as the daemon's
/// <c>--cdi-generate</c> for the same host, and one error line, a non-zero exit and no file for a
/// command line or a spec it cannot honour.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CdiGenerateExecutableTests : IDisposable
{
    private const string Executable = "nvidia-docker-cdi-generate";

    private static readonly string GeneratorDll = Path.Join(AppContext.BaseDirectory, Executable + ".dll");

    // Next to the tests, Microsoft.Extensions.Logging.Abstractions comes from the ASP.NET Core
    // framework the daemon runs on rather than as a file, so the generator runs on the daemon's
    // framework set (its own build folder, like the native executable, needs no such help).
    private static readonly string[] OnTheDaemonsFrameworks =
    [
        "exec",
        "--runtimeconfig", Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.runtimeconfig.json"),
        "--depsfile", Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.deps.json"),
    ];

    private static readonly string FakeNvml = Path.Join(AppContext.BaseDirectory, "fake-nvml", "libnvidia-ml.so.1");

    private readonly TempFolder _scratch = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stdout_SimulatedHost_EqualsTheDaemons(bool mig)
    {
        using var host = new CdiTestHost(mig: mig);

        var daemon = await RunAsync(Daemon([.. host.Flags, "--cdi-generate", "-"]));
        var generator = await RunAsync(Generator([.. host.Flags, "-"]));

        Assert.True(daemon.Code == 0, daemon.Stderr);
        Assert.True(generator.Code == 0, generator.Stderr);
        Assert.Contains("\"nvidia.com/gpu\"", generator.Stdout);
        Assert.Equal(daemon.Stdout, generator.Stdout);
    }

    [Fact]
    public async Task Stdout_FakeNvml_EqualsTheDaemons()
    {
        using var driver = FakeDriverRoot.WithDriver("550.54.15");
        Directory.CreateDirectory(_scratch.Combine("dev"));
        foreach (var node in new[] { "nvidia0", "nvidia1", "nvidia2", "nvidiactl", "nvidia-uvm" })
        {
            await File.WriteAllTextAsync(_scratch.Combine($"dev/{node}"), string.Empty);
        }

        string[] flags = ["--nvml-library", FakeNvml, "--driver-root", driver.Root, "--dev-root", _scratch.Path];
        var environment = new Dictionary<string, string> { ["FAKE_NVML_SCENARIO"] = "default", ["FAKE_NVML_GPUS"] = "3" };

        var daemon = await RunAsync(Daemon([.. flags, "--cdi-generate", "-"], environment));
        var generator = await RunAsync(Generator([.. flags, "-"], environment));

        Assert.True(daemon.Code == 0, daemon.Stderr);
        Assert.True(generator.Code == 0, generator.Stderr);
        Assert.Contains("libcuda.so.550.54.15", generator.Stdout);
        Assert.Equal(daemon.Stdout, generator.Stdout);
    }

    [Fact]
    public async Task File_WrittenWithMode0644_TheBytesItPrints()
    {
        using var host = new CdiTestHost();
        var target = _scratch.Combine("cdi/nvidia.json");

        var written = await RunAsync(Generator([.. host.Flags, target]));
        var printed = await RunAsync(Generator([.. host.Flags, "-"]));

        Assert.True(written.Code == 0, written.Stderr);
        Assert.Equal("", written.Stdout);
        Assert.Contains($"Wrote CDI spec {target} (cdiVersion 0.5.0)", written.Stderr);
        Assert.Equal(printed.Stdout, await File.ReadAllTextAsync(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(target));
    }

    [Fact]
    public async Task UnknownFlag_OneLineExit2NoFile()
    {
        using var host = new CdiTestHost();
        var target = _scratch.Combine("cdi/nvidia.json");

        var result = await RunAsync(Generator([.. host.Flags, "--cdi-dir", "/etc/cdi", target]));

        Assert.Equal(2, result.Code);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains("Error: flag provided but not defined: -cdi-dir (see nvidia-docker-cdi-generate --help)", line);
        Assert.False(Directory.Exists(_scratch.Combine("cdi")));
    }

    [Fact]
    public async Task NoTarget_OneLineExit2()
    {
        var result = await RunAsync(Generator(["--simulate"]));

        Assert.Equal(2, result.Code);
        Assert.Contains("Error: missing FILE (or - for stdout) as the last argument", Assert.Single(Lines(result.Stderr)));
    }

    [Fact]
    public async Task FlagWithoutItsValueBeforeTheTarget_SaysTheLastArgumentIsTheTarget()
    {
        using var host = new CdiTestHost();

        var result = await RunAsync(Generator([.. host.Flags, "--cdi-kind", "-"]));

        Assert.Equal(2, result.Code);
        Assert.Contains("Error: flag needs an argument: -cdi-kind (the last argument, -, is the target)", Assert.Single(Lines(result.Stderr)));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task UnwritableTarget_OneErrorLineExit1NothingLeft()
    {
        using var host = new CdiTestHost();
        var notAFolder = _scratch.Combine("file");
        await File.WriteAllTextAsync(notAFolder, "a file where the folder should be");

        var result = await RunAsync(Generator([.. host.Flags, Path.Join(notAFolder, "nvidia.json")]));

        Assert.Equal(1, result.Code);
        Assert.Contains("Error: ", Assert.Single(Lines(result.Stderr)));
        Assert.Equal([notAFolder], Directory.GetFileSystemEntries(_scratch.Path));
        Assert.Equal("a file where the folder should be", await File.ReadAllTextAsync(notAFolder));
    }

    [Fact]
    public async Task PinnedVersionBelowTheFields_OneErrorLineExit1NoFile()
    {
        using var host = new CdiTestHost();
        var folder = _scratch.Combine("cdi");
        Directory.CreateDirectory(folder);

        var result = await RunAsync(Generator([.. host.Flags, "--cdi-version", "0.4.0", Path.Join(folder, "nvidia.json")]));

        Assert.Equal(1, result.Code);
        Assert.Contains(
            "Error: the CDI spec needs cdiVersion 0.5.0 for device names that start with a digit (0) and device nodes with a hostPath",
            Assert.Single(Lines(result.Stderr)));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task AnotherSpecOfTheKindBeside_Exit1AsTheDaemon()
    {
        using var host = new CdiTestHost();
        var folder = _scratch.Combine("cdi");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Join(folder, "nvidia.yaml"), "kind: nvidia.com/gpu\n");
        var target = Path.Join(folder, "nvidia-docker.json");

        var result = await RunAsync(Generator([.. host.Flags, target]));

        Assert.Equal(1, result.Code);
        Assert.Contains($"Error: not writing {target}: {folder}/nvidia.yaml already defines nvidia.com/gpu devices", Assert.Single(Lines(result.Stderr)));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task NoDaemonBeside_Exit1NamingWhereItLooked()
    {
        // The generator alone, without the daemon its spec's hook runs (on the daemon's framework set, as above).
        var alone = _scratch.Combine("alone");
        Directory.CreateDirectory(alone);
        foreach (var file in new[] { Executable + ".dll", "NvContract.Core.dll", "NvContract.Nvml.dll" })
        {
            File.Copy(Path.Join(AppContext.BaseDirectory, file), Path.Join(alone, file));
        }

        File.Copy(Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.runtimeconfig.json"), Path.Join(alone, Executable + ".runtimeconfig.json"));
        File.Copy(Path.Join(AppContext.BaseDirectory, "nvidia-docker-plugin.deps.json"), Path.Join(alone, Executable + ".deps.json"));

        using var host = new CdiTestHost();
        var target = _scratch.Combine("nvidia.json");

        var result = await RunAsync(Start("dotnet", [Path.Join(alone, Executable + ".dll"), .. host.Flags, target]));

        Assert.Equal(1, result.Code);
        Assert.Contains($"Error: no {alone}/nvidia-docker-plugin.dll: the spec's hook", Assert.Single(Lines(result.Stderr)));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Help_Exit0WithTheFlags()
    {
        var result = await RunAsync(Generator(["--help"]));

        Assert.Equal(0, result.Code);
        Assert.StartsWith("Usage: nvidia-docker-cdi-generate [flags] FILE|-\n", result.Stdout);
        foreach (var flag in new[] { "-cdi-kind string", "-cdi-version string", "-dev-root string", "-driver-root string", "-nvml-library string", "-proc-root string", "-simulate [profile]", "-sys-root string" })
        {
            Assert.Contains(flag, result.Stdout);
        }
    }

    public void Dispose() => _scratch.Dispose();

    private static ProcessStartInfo Generator(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [.. OnTheDaemonsFrameworks, GeneratorDll, .. args], environment);

    private static ProcessStartInfo Daemon(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        DaemonLauncher.StartInfo(args, environment);

    private static ProcessStartInfo Start(string command, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
