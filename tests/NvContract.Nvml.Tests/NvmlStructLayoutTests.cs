using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using NvContract.Nvml.Native;

namespace NvContract.Nvml.Tests;

/// <summary>
/// The generated structs against the C compiler: tests/native/nvml_layout.c prints gcc's
/// sizeof/offsetof for every struct of native/nvml.h; the CLR's layout must be the same.
/// </summary>
public sealed class NvmlStructLayoutTests
{
    private static readonly string Printer = Path.Combine(AppContext.BaseDirectory, "fake-nvml", "nvml_layout");

    [Fact]
    public void GeneratedStructs_MatchGccLayout()
    {
        var expected = CompilerLayout();

        var actual = ManagedLayout();

        Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), actual.OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void LayoutPrinter_CoversEveryGeneratedStruct()
    {
        var printed = CompilerLayout().Where(l => l.Contains(" size ", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]);

        Assert.Equal(GeneratedStructs().Select(t => t.Name).Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<Type> GeneratedStructs() =>
        typeof(NvmlNative).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(NvmlNative).Namespace && t.IsValueType && !t.IsEnum && (t.IsLayoutSequential || t.IsExplicitLayout)
                        && t.GetFields(BindingFlags.Instance | BindingFlags.Public).Length > 0
                        && !t.Name.Contains('<', StringComparison.Ordinal));

    private static List<string> ManagedLayout()
    {
        var lines = new List<string>();
        foreach (var type in GeneratedStructs())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{type.Name} size {Marshal.SizeOf(type)}"));
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{type.Name}.{field.Name} {Marshal.OffsetOf(type, field.Name)}"));
            }
        }

        return lines;
    }

    private static List<string> CompilerLayout()
    {
        using var process = Process.Start(new ProcessStartInfo(Printer) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
