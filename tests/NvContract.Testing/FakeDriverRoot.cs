namespace NvContract.Testing;

/// <summary>
/// A fake driver root in a temporary folder: real ELF libraries and binaries built with gcc
/// (with SONAMEs, DT_NEEDED and ABI tags as asked), and a real ld.so.cache made by
/// <c>ldconfig -r</c>. Driver files follow the NVIDIA installer's layout:
/// <c>libcuda.so.&lt;version&gt;</c> plus SONAME links made by ldconfig.
/// </summary>
public sealed class FakeDriverRoot : IDisposable
{
    public const string Lib64 = "/usr/lib/x86_64-linux-gnu";
    public const string Lib32 = "/usr/lib/i386-linux-gnu";
    public const string BinDir = "/usr/bin";
    private readonly TempFolder _folder;
    private readonly string _build;
    private readonly List<string> _libraryFolders = [];
    private int _sources;

    public FakeDriverRoot(string? parent = null)
    {
        _folder = new TempFolder(parent);
        _build = _folder.Combine(".build");
        Directory.CreateDirectory(_build);
        Directory.CreateDirectory(Host("/etc"));
    }

    /// <summary>The root folder (the <c>--driver-root</c> value).</summary>
    public string Root => _folder.Path;

    /// <summary>A PATH value to search inside the root.</summary>
    public static string SearchPath => "/usr/local/bin:" + BinDir;

    /// <summary>The host path of an absolute path inside the root.</summary>
    public string Host(string pathInRoot) => _folder.Combine(pathInRoot.TrimStart('/'));

    /// <summary>Builds a shared library at <paramref name="folder"/>/<paramref name="fileName"/>.</summary>
    /// <param name="needed">Libraries (host paths) to link against, giving DT_NEEDED entries.</param>
    /// <param name="abiTag">A <c>.note.ABI-tag</c> version (e.g. "2,3,99"), or null for none.</param>
    /// <param name="i386">Build a 32-bit library (without libc, so no 32-bit toolchain is needed).</param>
    public string AddLibrary(string folder, string fileName, string? soname, IEnumerable<string>? needed = null, string? abiTag = null, bool i386 = false)
    {
        if (!_libraryFolders.Contains(folder))
        {
            _libraryFolders.Add(folder);
        }

        Directory.CreateDirectory(Host(folder));
        var source = System.IO.Path.Join(_build, fileName + ".c");
        var note = abiTag is null
            ? string.Empty
            : $"__asm__(\".section .note.ABI-tag,\\\"a\\\",@note\\n.p2align 2\\n.long 4\\n.long 16\\n.long 1\\n.asciz \\\"GNU\\\"\\n.long 0,{abiTag}\\n.text\\n\");\n";
        File.WriteAllText(source, note + $"int nv_{++_sources}(void) {{ return 1; }}\n");
        var output = Host($"{folder}/{fileName}");
        var arguments = new List<string> { "-shared", "-fPIC", "-o", output, source };
        if (i386)
        {
            arguments.AddRange(["-m32", "-nostdlib"]);
        }

        if (soname is not null)
        {
            arguments.Add($"-Wl,-soname,{soname}");
        }

        if (needed is not null)
        {
            arguments.Add("-Wl,--no-as-needed");
            arguments.AddRange(needed);
        }

        Tool.Run("gcc", arguments, null);
        return output;
    }

    /// <summary>Builds an executable in <see cref="BinDir"/> (or <paramref name="folder"/>).</summary>
    public string AddBinary(string name, string folder = BinDir)
    {
        Directory.CreateDirectory(Host(folder));
        var source = System.IO.Path.Join(_build, name + ".c");
        File.WriteAllText(source, "int main(void) { return 0; }\n");
        var output = Host($"{folder}/{name}");
        Tool.Run("gcc", "-o", output, source);
        return output;
    }

    /// <summary>Writes <c>etc/ld.so.conf</c> and runs <c>ldconfig -r</c>; <paramref name="format"/> is new, old or compat.</summary>
    public string RunLdconfig(string format = "new")
    {
        File.WriteAllLines(Host("/etc/ld.so.conf"), _libraryFolders);
        Tool.Run("ldconfig", "-c", format, "-r", Root);
        return Host("/etc/ld.so.cache");
    }

    /// <summary>A typical x86-64 driver: compute, GL (with the GLVND and TLS variants) and two binaries.</summary>
    public static FakeDriverRoot WithDriver(string version, string? parent = null)
    {
        var root = new FakeDriverRoot(parent);
        root.AddLibrary(Lib64, $"libcuda.so.{version}", "libcuda.so.1");
        root.AddLibrary(Lib64, $"libnvidia-ml.so.{version}", "libnvidia-ml.so.1");
        var glcore = root.AddLibrary(Lib64, $"libnvidia-glcore.so.{version}", $"libnvidia-glcore.so.{version}");
        root.AddLibrary(Lib64, $"libGLX_nvidia.so.{version}", "libGLX_nvidia.so.0", [glcore]);
        root.AddLibrary(Lib64, $"libnvidia-tls.so.{version}", $"libnvidia-tls.so.{version}", abiTag: "2,3,99");
        root.AddLibrary(Lib32, $"libcuda.so.{version}", "libcuda.so.1", i386: true);
        root.AddBinary("nvidia-smi");
        root.AddBinary("nvidia-debugdump");
        root.RunLdconfig();
        return root;
    }

    public void Dispose() => _folder.Dispose();
}
