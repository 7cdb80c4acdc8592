namespace NvContract.Core.Discovery;

/// <summary>
/// The names a driver library is found under besides its file name: its SONAME, plus the
/// unversioned <c>libcuda.so</c> that applications dlopen (v1 rc.3, #103) and the
/// <c>libGLX_indirect.so.0</c> that GLVND loads for indirect rendering. The driver volume and the
/// CDI spec both give a library these names.
/// </summary>
public static class DriverLinks
{
    /// <summary>Whether a SONAME can name a file next to the library (no <c>/</c>, not <c>.</c> or <c>..</c>).</summary>
    public static bool IsFileName(string soname) =>
        soname.Length > 0 && soname is not ("." or "..") && !soname.Contains('/') && !soname.Contains('\0');

    /// <summary>The link names of a library with SONAME <paramref name="soname"/>, the SONAME first.</summary>
    public static IEnumerable<string> For(string soname)
    {
        yield return soname;

        if (soname.StartsWith("libcuda", StringComparison.Ordinal))
        {
            var unversioned = soname.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');
            if (unversioned.Length > 0)
            {
                yield return unversioned;
            }
        }

        if (soname.StartsWith("libGLX_nvidia", StringComparison.Ordinal))
        {
            yield return soname.Replace("GLX_nvidia", "GLX_indirect", StringComparison.Ordinal);
        }
    }
}
