namespace NvContract.Core.Discovery;

/// <summary>
/// What goes into the driver volume and the CDI spec: v1's lists (docs/v1-compatibility.md §3.2,
/// §3.3) plus the driver's NVVM compiler, which later drivers added.
/// </summary>
public static class DriverFileLists
{
    /// <summary>Binaries looked up through PATH (→ <c>bin/</c>).</summary>
    public static IReadOnlyList<string> Binaries { get; } =
    [
        "nvidia-cuda-mps-control",
        "nvidia-cuda-mps-server",
        "nvidia-debugdump",
        "nvidia-persistenced",
        "nvidia-smi",
    ];

    /// <summary>Prefixes of ld.so.cache keys (→ <c>lib/</c>, <c>lib64/</c>), first match wins.</summary>
    public static IReadOnlyList<string> LibraryPrefixes { get; } =
    [
        // Compute
        "libnvidia-ml.so",
        "libcuda.so",
        "libnvidia-ptxjitcompiler.so",
        "libnvidia-fatbinaryloader.so",
        "libnvidia-opencl.so",
        "libnvidia-compiler.so",

        // The driver's NVVM compiler, with which CUDA JIT-compiles NVVM IR (and its legacy NVVM 7.0 build).
        "libnvidia-nvvm.so",
        "libnvidia-nvvm70.so",

        // Video
        "libvdpau_nvidia.so",
        "libnvidia-encode.so",
        "libnvcuvid.so",
        "libnvidia-fbc.so",
        "libnvidia-ifr.so",

        // Graphics, kept for backward compatibility (GLVND loaders included)
        "libGL.so",
        "libGLX.so",
        "libOpenGL.so",
        "libGLESv1_CM.so",
        "libGLESv2.so",
        "libEGL.so",
        "libGLdispatch.so",
        "libGLX_nvidia.so",
        "libEGL_nvidia.so",
        "libGLESv2_nvidia.so",
        "libGLESv1_CM_nvidia.so",
        "libnvidia-eglcore.so",
        "libnvidia-egl-wayland.so",
        "libnvidia-glcore.so",
        "libnvidia-tls.so",
        "libnvidia-glsi.so",
    ];
}
